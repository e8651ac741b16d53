"""Write a ledger-extract import the user confirmed (``finance.imports.preview``, kept by ``core.imports``), all or
nothing, through ``finance.services.record_actuals`` (so the rights, the model's checks and the history are the
forms'). Before writing, each month to change is locked and must still hold the previewed amount and reference, and
each month to add must still be unrecorded, else ``WrongState`` (409: upload the file again)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.exceptions import Invalid, WrongState, message_of
from core.models import Organisation
from finance import services
from finance.imports import describe
from finance.models import Actual
from programme.models import Project

AGAIN = "upload the file again."


def _raw(value):
    return str(value) if isinstance(value, Decimal) else value


def _added(entries):
    """The added rows' values as ``record_actuals`` takes them; WrongState when one was recorded meanwhile."""
    values = [entry["values"] for entry in entries]
    projects = Project.objects.in_bulk({v["project"] for v in values})
    organisations = Organisation.objects.in_bulk({v["organisation"] for v in values})
    recorded = set(Actual.objects.filter(project_id__in=projects).values_list(
        "project_id", "organisation_id", "month", "spend_kind"))
    items = []
    for entry, value in zip(entries, values, strict=True):
        month = datetime.date.fromisoformat(value["month"])
        if value["project"] not in projects or value["organisation"] not in organisations:
            raise WrongState(f"Row {entry['row']}: its project or organisation was removed since the preview: {AGAIN}")
        if (value["project"], value["organisation"], month, value["spend_kind"]) in recorded:
            raise WrongState(f"Row {entry['row']}: that month was recorded by someone else since the preview: {AGAIN}")
        items.append({"project": projects[value["project"]], "organisation": organisations[value["organisation"]],
                      "month": month, "spend_kind": value["spend_kind"], "amount": Decimal(value["amount"]),
                      "reference": value["reference"]})
    return items


def apply(preview, user, tenant):
    """Write the confirmed preview. Returns {"added": [Actual], "changed": [Actual]}."""
    if not preview.ok:
        raise Invalid({"file": ["The preview refused rows: correct them and upload the file again."]})
    with transaction.atomic():
        current = Actual.objects.select_for_update(of=("self",)).select_related("project", "organisation").in_bulk(
            [entry["pk"] for entry in preview.changed])
        items = []
        for entry in preview.changed:
            actual = current.get(entry["pk"])
            if actual is None:
                raise WrongState(f"Row {entry['row']}: {entry['ref']} is no longer recorded: {AGAIN}")
            for field in entry["changes"]:
                if _raw(getattr(actual, field["field"])) != field["old"]:
                    raise WrongState(f"Row {entry['row']}: {describe(actual)} was changed by someone else since the "
                                     f"preview ({field['label']}): {AGAIN}")
            new = {field["field"]: field["new"] for field in entry["changes"]}
            items.append({"project": actual.project, "organisation": actual.organisation, "month": actual.month,
                          "spend_kind": actual.spend_kind, "amount": Decimal(new.get("amount", actual.amount)),
                          "reference": new.get("reference", actual.reference)})
        items += _added(preview.added)
        try:
            saved = services.record_actuals(user, items)
        except ValidationError as exc:
            raise WrongState(f"{message_of(exc)} The ledger changed since the preview: {AGAIN}") from None
    return {"changed": saved[:len(preview.changed)], "added": saved[len(preview.changed):]}
