"""The engagement plan and log, and the "you said, we did" responses, as .xlsx and CSV through ``core.exports``:
one row per activity (per response), references by their refs, objectives by their numbers."""

from core.exports import Column, user_name


def _names(manager, attribute="name"):
    return "; ".join(str(getattr(obj, attribute)) for obj in manager.all())


def activity_columns():
    return [
        Column("Ref", lambda a: a.ref, 10),
        Column("Title", lambda a: a.title, 40, wrap=True),
        Column("Kind", lambda a: a.get_kind_display(), 16),
        Column("Channel", lambda a: a.get_channel_display(), 16),
        Column("Audience", lambda a: a.audience, 30, wrap=True),
        Column("Planned date", lambda a: a.planned_date, 13),
        Column("Owner", lambda a: user_name(a.owner), 20),
        Column("Objectives", lambda a: ", ".join(str(o.number) for o in a.objectives.all()), 12),
        Column("Stakeholders", lambda a: _names(a.stakeholders), 30, wrap=True),
        Column("Workstream", lambda a: a.workstream.name if a.workstream_id else "", 22),
        Column("Service change", lambda a: a.service_change.ref if a.service_change_id else "", 12),
        Column("Status", lambda a: a.get_status_display(), 12),
        Column("Held on", lambda a: a.held_on, 12),
        Column("Reach", lambda a: a.reach, 10),
        Column("Responses received", lambda a: a.responses_received, 12),
        Column("What we heard", lambda a: a.themes, 40, wrap=True),
        Column("Summary", lambda a: a.summary, 40, wrap=True),
    ]


def _answered_by(response):
    links = []
    if response.decision_id:
        links.append(f"Decision: {response.decision.text[:80]}")
    if response.change_request_id:
        links.append(response.change_request.ref)
    if response.plan_item_id:
        links.append(response.plan_item.ref)
    return "; ".join(links)


def response_columns():
    return [
        Column("Ref", lambda r: r.ref, 10),
        Column("Activity", lambda r: r.activity.ref, 10),
        Column("You said", lambda r: r.you_said, 40, wrap=True),
        Column("Owner", lambda r: user_name(r.owner), 20),
        Column("Due", lambda r: r.due_date, 12),
        Column("We did", lambda r: r.we_did, 40, wrap=True),
        Column("Responded on", lambda r: r.responded_on, 12),
        Column("Answered by", _answered_by, 30, wrap=True),
    ]
