"""The engagement plan's Excel round trip: import a spreadsheet of the register's download shape
(``activity_exports.activity_columns``), previewed first (``core.imports``), written all or nothing once confirmed.

A row whose Ref is an activity of this partnership (EA-0001) changes it; a row without one adds an activity. The
columns read are the plan's and the log's: Title, Kind, Channel, Audience, Planned date, Owner (username or full
name), Objectives (their numbers, "2, 7"), Workstream (by name), Status, Held on, Reach, Responses received, What we
heard and Summary; the others (Stakeholders, Service change) are left as they are. Every write goes through
``activity_services``, so the rights, the model's checks, the log's checks and the history are those of the forms.
The readers (text, dates, choices, members and workstreams by name, the header row) are the plan import's.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.exceptions import WrongState
from core.imports import Preview, change
from core.models import User
from engagement import activity_services as services
from engagement import rules as perms
from engagement.choices import ActivityKind, ActivityStatus, EngagementChannel
from engagement.models import EngagementActivity, EngagementObjective
from plan.imports import Lookups, _choice, raw, read_date, read_rows, text
from programme.models import Workstream

REF_PREFIX = "EA-"
DATES = ("planned_date", "held_on")
NUMBERS = ("reach", "responses_received")


def _whole(value):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or number != int(number):
        raise ValueError(f"\"{text(value)}\" is not a whole number of people.")
    return int(number)


def readers(lookups, objectives):
    def objective_numbers(value):
        wanted = [part.strip() for part in text(value).replace(";", ",").split(",") if part.strip()]
        unknown = [part for part in wanted if part not in objectives]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not the number of an objective (1 to {len(objectives)}).")
        return sorted(objectives[part].pk for part in wanted)

    return {
        "Title": ("title", text),
        "Kind": ("kind", lambda v: _choice(v, ActivityKind.choices)),
        "Channel": ("channel", lambda v: _choice(v, EngagementChannel.choices)),
        "Audience": ("audience", text),
        "Planned date": ("planned_date", read_date),
        "Owner": ("owner", lookups.owner),
        "Objectives": ("objectives", objective_numbers),
        "Workstream": ("workstream", lambda v: lookups.name(Workstream, v)),
        "Status": ("status", lambda v: _choice(v, ActivityStatus.choices) if text(v) else ActivityStatus.PLANNED),
        "Held on": ("held_on", read_date),
        "Reach": ("reach", _whole),
        "Responses received": ("responses_received", _whole),
        "What we heard": ("themes", text),
        "Summary": ("summary", text),
    }


def _shown(name, value, labels):
    if value in (None, "", []):
        return ""
    if name == "objectives":
        return ", ".join(labels[pk] for pk in value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if hasattr(value, "pk"):
        return str(value.get_full_name() or value.username) if name == "owner" else str(value)
    field = EngagementActivity._meta.get_field(name)
    return str(dict(field.choices or ()).get(value, value))


def _current(activity, name):
    if name == "objectives":
        return sorted(objective.pk for objective in activity.objectives.all())
    value = getattr(activity, name)
    return text(value) if isinstance(value, str) else value


def _changes(activity, values, headings, labels):
    found = []
    for name, new in values.items():
        old = _current(activity, name)
        if raw(old) != raw(new):
            found.append(change(name, headings[name], raw(old), raw(new), _shown(name, old, labels),
                                _shown(name, new, labels)))
    return found


def _check(activity, values, user, perm):
    """The row's problems as the forms would give them: the rights, the model's checks, the log's."""
    if not user.has_perm(perm, activity):
        return ["You may not " + ("change this activity." if activity.pk else "plan engagement activities.")]
    for name, value in values.items():
        if name != "objectives":
            setattr(activity, name, value)
    try:
        activity.full_clean(exclude=services.NUMBERED)
        services._check_log(activity)
    except ValidationError as exc:
        return [f"{name.replace('_', ' ').capitalize()}: {' '.join(messages)}"
                for name, messages in exc.message_dict.items()]
    return []


def preview(upload, user, tenant):
    """What importing ``upload`` would do (``core.imports.Preview``); nothing is written."""
    result = Preview(filename=getattr(upload, "name", ""))
    try:
        headings, rows = read_rows(upload)
    except ValidationError as exc:
        result.refuse(0, *exc.messages)
        return result
    objectives = {str(objective.number): objective for objective in EngagementObjective.objects.all()}
    labels = {objective.pk: str(objective.number) for objective in objectives.values()}
    columns = {heading: reader for heading, reader in readers(Lookups(tenant), objectives).items()
               if heading in headings}
    by_field = {field: heading for heading, (field, _) in columns.items()}
    known = {activity.ref: activity for activity in EngagementActivity.objects.prefetch_related("objectives")}
    for number, cells in rows:
        ref, values, problems = text(cells.get("Ref")).upper(), {}, []
        if ref and ref not in known:
            problems.append(f"Ref: {ref} is not an activity of this partnership (leave it blank to add one).")
        for heading, (field, read) in columns.items():
            try:
                values[field] = read(cells.get(heading))
            except ValueError as exc:
                problems.append(f"{heading}: {exc}")
        if problems:
            result.refuse(number, *problems)
            continue
        activity = known.get(ref) or EngagementActivity(tenant=tenant)
        perm = perms.CHANGE_ACTIVITY if activity.pk else perms.ADD_ACTIVITY
        found = _changes(activity, values, by_field, labels) if activity.pk else None
        candidate = EngagementActivity(**{field.attname: getattr(activity, field.attname)
                                          for field in activity._meta.concrete_fields})
        candidate._state.adding = activity._state.adding  # an existing row is checked as itself, not as a copy
        problems = _check(candidate, values, user, perm)
        if problems:
            result.refuse(number, *problems)
        elif activity.pk is None:
            result.added.append({"row": number, "values": {name: raw(value) for name, value in values.items()},
                                 "show": values.get("title", ""), "number": ""})
        elif found:
            result.changed.append({"row": number, "ref": ref, "pk": activity.pk, "changes": found})
        else:
            result.unchanged.append({"row": number, "ref": ref})
    return result


def _value(name, value):
    if value is None:
        return None
    if name in DATES:
        return datetime.date.fromisoformat(value)
    if name == "owner":
        return User.objects.get(pk=value)
    if name == "workstream":
        return Workstream.objects.get(pk=value)
    if name == "objectives":
        return list(EngagementObjective.objects.filter(pk__in=value))
    return value


def apply(preview_, user, tenant):
    """Write the confirmed preview, all or nothing: ``{"added": [...], "changed": [...]}`` (the activities)."""
    added, changed = [], []
    with transaction.atomic():
        for entry in preview_.changed:
            activity = EngagementActivity.objects.select_for_update(of=("self",)).get(pk=entry["pk"])
            for item in entry["changes"]:
                if raw(_current(activity, item["field"])) != item["old"]:
                    raise WrongState(f"{entry['ref']} was changed by someone else since the preview "
                                     f"({item['label']}): upload the file again.")
            changed.append(services.update_activity(activity, user, **{
                item["field"]: _value(item["field"], item["new"]) for item in entry["changes"]}))
        for entry in preview_.added:
            added.append(services.create_activity(user, **{name: _value(name, value)
                                                          for name, value in entry["values"].items()}))
    return {"added": added, "changed": changed}
