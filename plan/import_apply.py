"""Write a plan import the user confirmed (``plan.imports.preview``, kept by ``core.imports``), all or nothing.

Every change goes through ``plan.services`` (so the rights, the model's checks, the cycle check, the history and a
forecast slip beyond tolerance's change request are the same as on the forms). Before writing, each changed item
and external dependency is locked and must still hold the previewed old values, else ``WrongState`` (409: upload
again). The dependencies are written removals first, then the changes of type or lag, then the additions, so a
file that reverses a dependency never passes through a loop. Any refusal rolls everything back.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction

from core.exceptions import Invalid, WrongState, message_of
from plan import services
from plan.imports import DATES, MODELS, raw
from plan.models import ExternalDependency, PlanDependency, PlanItem


def _value(name, value, external=False):
    """A previewed raw value as the model takes it (an external dependency's owner is text)."""
    if value is None or (external and name == "owner"):
        return value
    if name in DATES:
        return datetime.date.fromisoformat(value)
    if name == "item":
        return PlanItem.objects.get(pk=value)
    if name in MODELS:
        return MODELS[name].objects.get(pk=value)
    return value


def _values(entries, external=False):
    return {name: _value(name, value, external) for name, value in entries}


def _check(obj, changes, ref):
    for entry in changes:
        if entry["field"] != "waits_for" and raw(getattr(obj, entry["field"])) != entry["old"]:
            raise WrongState(f"{ref} was changed by someone else since the preview ({entry['label']}): "
                             "upload the file again.")


def _current_links(item):
    return sorted([link.predecessor_id, link.type, link.lag_days]
                  for link in PlanDependency.objects.filter(successor=item))


def _relink(user, item, wanted, removing):
    """Removals now (``removing``); returns the (predecessor, type, lag) to change or add later."""
    now = {link.predecessor_id: link for link in PlanDependency.objects.filter(successor=item)}
    wanted = {pk: (type_, lag) for pk, type_, lag in wanted}
    if removing:
        for pk in set(now) - set(wanted):
            services.remove_dependency(now[pk], user)
        return []
    return [(item, now.get(pk), pk, type_, lag) for pk, (type_, lag) in wanted.items()
            if pk not in now or (now[pk].type, now[pk].lag_days) != (type_, lag)]


def apply(preview, user, tenant):
    """Write the confirmed preview. Returns {"added": [...], "changed": [...]} (items and external dependencies)."""
    if not preview.ok:
        raise Invalid({"file": ["The preview refused rows: correct them and upload the file again."]})
    added, changed, relinks = [], [], []
    row = None
    try:
        with transaction.atomic():
            items = PlanItem.objects.select_for_update(of=("self",)).in_bulk(
                [e["pk"] for e in preview.changed if e["type"] == "item"])
            externals = ExternalDependency.objects.select_for_update(of=("self",)).in_bulk(
                [e["pk"] for e in preview.changed if e["type"] == "external"])
            for entry in preview.changed:
                row = entry["row"]
                obj = (items if entry["type"] == "item" else externals).get(entry["pk"])
                if obj is None:
                    raise WrongState(f"{entry['ref']} is no longer in the plan: upload the file again.")
                _check(obj, entry["changes"], entry["ref"])
                fields = [(e["field"], e["new"]) for e in entry["changes"] if e["field"] != "waits_for"]
                links = [e for e in entry["changes"] if e["field"] == "waits_for"]
                if entry["type"] == "external":
                    changed.append(services.update_external(obj, user, **_values(fields, external=True)))
                    continue
                if links:
                    if _current_links(obj) != links[0]["old"]:
                        raise WrongState(f"The dependencies of {entry['ref']} were changed by someone else since "
                                         "the preview: upload the file again.")
                    relinks.append((row, obj, links[0]["new"]))
                if fields:
                    obj = services.update_item(obj, user, **_values(fields))
                changed.append(obj)
            for entry in preview.added:
                row = entry["row"]
                if entry["type"] == "external":
                    added.append(services.add_external(user, **_values(entry["values"].items(), external=True)))
                    continue
                item = services.create_item(user, **_values(entry["values"].items()))
                added.append(item)
                relinks.append((row, item, entry["links"]))
            for where, item, wanted in relinks:
                row = where
                _relink(user, item, wanted, removing=True)
            later = [(where, *change) for where, item, wanted in relinks
                     for change in _relink(user, item, wanted, removing=False)]
            for where, item, link, predecessor, type_, lag in later:
                row = where
                if link is not None:
                    services.update_dependency(link, user, type=type_, lag_days=lag)
                else:
                    services.add_dependency(user, PlanItem.objects.get(pk=predecessor), item, type=type_,
                                            lag_days=lag)
    except ObjectDoesNotExist:
        raise WrongState(f"Row {row}: something it names was removed since the preview: upload the file again.") \
            from None
    except ValidationError as exc:
        raise WrongState(f"Row {row}: {message_of(exc)} The plan changed since the preview: upload the file "
                         "again.") from None
    return {"added": added, "changed": changed}
