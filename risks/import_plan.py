"""What importing a register would do, shown before anything is written, then applied exactly as shown.

``build`` turns the parsed rows into a ``Plan``: rows whose "No" is a reference of this partnership that the
user may read (R-0001) **update** that risk, field by field (old → new); other rows are **added** to the register
chosen on the form; rows equal to the risk they name are **unchanged**; any row that cannot be imported is
**refused** with its row number and reason, and a plan with a refused row applies nothing.

The plan is kept server-side between the preview and the confirmation by ``core.imports`` (``stage``), so
confirming applies what was previewed and never a re-posted form. ``apply`` checks that each changed risk still
holds the previewed old values (else nothing is written and the user uploads again), rechecks permissions, and
writes all or nothing.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import transaction

from core import imports, rules
from core.exceptions import Invalid, PermissionRefused, WrongState
from core.imports import Preview
from core.models import User
from risks.choices import Category
from risks.exports import description_text
from risks.imports import IMPORTED_REASON, clean_errors, new_risk, normalise
from risks.models import Risk

REFERENCE = re.compile(r"^R-\d{4,}$", re.IGNORECASE)
# The fields a row sets, with the names the preview shows them by.
FIELDS = {
    "category": "Category", "title": "Title", "description": "Description", "owner": "Risk owner",
    "date_identified": "Date identified", "inherent_likelihood": "Likelihood", "inherent_impact": "Impact",
    "controls": "Controls", "residual_likelihood": "Residual likelihood", "residual_impact": "Residual impact",
    "review_date": "Review date", "residual_above_inherent_reason": "Why residual is above inherent",
    "residual_assessed": "Residual assessed",
}
CATEGORY_LABELS = dict(Category.choices)


@dataclass
class Plan(Preview):
    """A ``core.imports.Preview`` of a register, with the register new rows are added to."""

    level: str = ""
    project: int | None = None
    workstream: int | None = None
    layout: dict | None = None  # a column-mapped import's layout, saved when confirmed (risks.mapping)


def _raw(value):
    """A field's value as JSON."""
    if isinstance(value, User):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _shown(name, value, owner_name=""):
    if name == "owner":
        return (value.get_full_name() or value.username) if value else owner_name
    if name == "category":
        return CATEGORY_LABELS.get(value, value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _owner_cell(risk):
    """Column D as the export writes it."""
    if risk.owner_id:
        return risk.owner.get_full_name() or risk.owner.username
    return risk.owner_name


def _diff(risk, row):
    """[change] that the row makes to ``risk``; cells equal to what the export writes change nothing."""
    values = row.values
    changes = []

    def change(name, new, old=None, new_shown=None, old_shown=None):
        old = getattr(risk, name) if old is None and name != "owner" else old
        changes.append({"field": name, "label": FIELDS[name], "old": _raw(old), "new": _raw(new),
                        "old_shown": old_shown if old_shown is not None else _shown(name, old),
                        "new_shown": new_shown if new_shown is not None else _shown(name, new)})

    if values["category"] != risk.category:
        change("category", values["category"])
    if row.description != normalise(description_text(risk.title, risk.description)):
        for name in ("title", "description"):
            if values[name] != getattr(risk, name):
                change(name, values[name])
    if row.owner.lower() != (_owner_cell(risk) or "").lower():
        change("owner", [_raw(values["owner"]), values["owner_name"]], old=[risk.owner_id, risk.owner_name],
               new_shown=_shown("owner", values["owner"], values["owner_name"]), old_shown=_owner_cell(risk))
    if values["date_identified"] and values["date_identified"] != risk.date_identified:
        change("date_identified", values["date_identified"])
    if values["review_date"] != risk.review_date:
        change("review_date", values["review_date"])
    if values["controls"] != normalise(risk.controls):
        change("controls", values["controls"])
    for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
        if values[name] != getattr(risk, name):
            change(name, values[name])
    # Residual cells given assess the residual; both blank leave it (or make it) not yet assessed (the export's way).
    assessed = values.get("residual_assessed", True)
    if assessed != risk.residual_assessed:
        change("residual_assessed", assessed, new_shown="yes" if assessed else "not yet",
               old_shown="yes" if risk.residual_assessed else "not yet")
    return changes


def _set(risk, name, raw):
    if name == "owner":
        risk.owner_id, risk.owner_name = raw
    elif name in ("date_identified", "review_date"):
        setattr(risk, name, datetime.date.fromisoformat(raw) if raw else None)
    else:
        setattr(risk, name, raw)


def _check_update(risk, changes):
    """The risk's own refusals once ``changes`` apply (a copy is checked); may add the imported reason."""
    for change in changes:
        _set(risk, change["field"], change["new"])
    risk.inherent_score = risk.inherent_likelihood * risk.inherent_impact
    risk.residual_score = risk.residual_likelihood * risk.residual_impact
    if risk.residual_score > risk.inherent_score and not risk.residual_above_inherent_reason:
        changes.append({"field": "residual_above_inherent_reason", "label": FIELDS["residual_above_inherent_reason"],
                        "old": "", "new": IMPORTED_REASON, "old_shown": "", "new_shown": IMPORTED_REASON})
        risk.residual_above_inherent_reason = IMPORTED_REASON
    return clean_errors(risk)


def build(parsed, errors, user, tenant, level, project=None, workstream=None, filename=""):
    """The ``Plan`` for rows parsed by ``imports.parse_rows`` (``errors`` are its refusals)."""
    plan = Plan(refused=[[row, list(messages)] for row, messages in errors], level=level,
                project=project.pk if project else None, workstream=workstream.pk if workstream else None,
                filename=filename)
    refs = {row.number.upper() for row in parsed if REFERENCE.match(row.number)}
    existing = {risk.ref: risk for risk in Risk.objects.visible_to(user).filter(ref__in=refs)
                .select_related("owner", "project", "workstream")}
    seen = {}
    may_add = None
    for row in parsed:
        ref = row.number.upper()
        if not REFERENCE.match(row.number):
            risk = new_risk(row, level, project, workstream, tenant)
            if may_add is None:
                may_add = user.has_perm(risk.perm("edit"), risk)
            problems = clean_errors(risk) or ([] if may_add else [
                "You may not add risks to that register. " + rules.describe_refusal(risk.perm("edit"), risk)])
            if problems:
                plan.refused.append([row.row, problems])
            else:
                plan.added.append({"row": row.row, "values": {k: _raw(v) for k, v in row.values.items()},
                                   "number": row.number, "show": row.description.partition("\n")[0]})
            continue
        risk = existing.get(ref)
        if risk is None:
            plan.refused.append([row.row, [f"No: there is no risk {ref} in this partnership that you may read. "
                                           "Leave No blank (or give your own number) to add a new risk."]])
            continue
        if ref in seen:
            plan.refused.append([row.row, [f"No: {ref} is also on row {seen[ref]}; a risk may be on one row only."]])
            continue
        seen[ref] = row.row
        changes = _diff(risk, row)
        if not changes:
            plan.unchanged.append({"row": row.row, "ref": ref})
            continue
        if not user.has_perm(risk.perm("edit"), risk):
            plan.refused.append([row.row, [f"You may not edit {ref}. " + rules.describe_refusal(risk.perm("edit"),
                                                                                                 risk)]])
            continue
        problems = _check_update(risk, changes)
        if problems:
            plan.refused.append([row.row, problems])
        else:
            plan.changed.append({"row": row.row, "ref": ref, "pk": risk.pk, "changes": changes})
    plan.refused.sort(key=lambda pair: pair[0])
    return plan


# Staging: the plan between the preview and the confirmation (``core.imports``) ---------------------------------

def stage(plan, tenant, user):
    """Keep the plan for the confirmation; returns its token."""
    return imports.stage(plan, "risks", tenant, user)


def load(tenant, user, token):
    """The staged plan of this partnership and user, else ``Invalid`` (unknown, someone else's, or expired)."""
    return imports.load(Plan, "risks", tenant, user, token)


def discard(tenant, user, token):
    imports.discard("risks", tenant, user, token)


def apply(plan, user, tenant):
    """Write the plan all or nothing: ``WrongState`` if a risk changed since the preview, ``PermissionRefused``
    if a right was lost. Returns (added risks, changed risks)."""
    if not plan.ok:
        raise Invalid({"file": ["The preview refused rows: correct them and upload the file again."]})
    from programme.models import Project, Workstream

    project = Project.objects.get(pk=plan.project) if plan.project else None
    workstream = Workstream.objects.get(pk=plan.workstream) if plan.workstream else None
    reason = f"Imported from {plan.filename or 'a spreadsheet'}"
    added, changed = [], []
    with transaction.atomic():
        risks = Risk.objects.visible_to(user).select_for_update(of=("self",)).in_bulk(
            [entry["pk"] for entry in plan.changed])
        for entry in plan.changed:
            risk = risks.get(entry["pk"])
            if risk is None:
                raise WrongState(f"{entry['ref']} is no longer on a register you may read: upload the file again.")
            if not user.has_perm(risk.perm("edit"), risk):
                raise PermissionRefused(f"You may no longer edit {entry['ref']}.")
            for change in entry["changes"]:
                current = [risk.owner_id, risk.owner_name] if change["field"] == "owner" else _raw(
                    getattr(risk, change["field"]))
                if current != change["old"] and change["field"] != "residual_above_inherent_reason":
                    raise WrongState(f"{entry['ref']} was changed by someone else since the preview "
                                     f"({change['label']}): upload the file again.")
                _set(risk, change["field"], change["new"])
            risk._history_user = user
            risk._change_reason = reason
            risk.save()
            changed.append(risk)
        for entry in plan.added:
            values = {name: (datetime.date.fromisoformat(value) if name in ("date_identified", "review_date")
                             and value else value) for name, value in entry["values"].items()}
            values["owner"] = User.objects.filter(pk=values["owner"]).first() if values["owner"] else None
            row = type("Row", (), {"number": entry["number"], "values": values})
            risk = new_risk(row, plan.level, project, workstream, tenant)
            if not user.has_perm(risk.perm("edit"), risk):
                raise PermissionRefused("You may no longer add risks to that register.")
            risk.created_by = user
            risk._history_user = user
            risk._change_reason = reason
            risk.save()
            added.append(risk)
    return added, changed
