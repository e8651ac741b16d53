"""The risk list's read path (issue 20): a page of risks read as ``values()`` rows and turned into exactly the dicts
``RiskSerializer(many=True)`` makes, with no model instance per risk, action, move or link and no serializer built
per request (DRF builds and deep-copies every field of the serializer and its nested ones on each request).

Four queries of plain values for a page: the risks with their owner's username and their pending move
(``page_values``, which the paginator pages), then for the page's ids the actions with their owners, and the
objective and readable benefit ids as pairs. The detail and every write still go through the serializer;
``tests/risks/test_api_list_rows.py`` holds the bytes equal to the serializer's over every branch of every field."""

import datetime

from django.conf import settings
from django.db.models import FilteredRelation, Q
from django.utils import timezone
from rest_framework import ISO_8601
from rest_framework.fields import DateTimeField
from rest_framework.settings import api_settings

from benefits.models import Benefit
from programme.models import Objective
from risks.choices import ActionStatus, MoveStatus, RiskStatus
from risks.models import MitigationAction

# The risk's own columns the serializer shows (and ``number``, which pages by it), read as they are stored.
RISK_COLUMNS = (
    "id", "number", "ref", "title", "description", "category", "nature", "owner_name", "level", "project_id",
    "workstream_id", "inherent_likelihood", "inherent_impact", "inherent_score", "inherent_rag", "controls",
    "residual_likelihood", "residual_impact", "residual_score", "residual_rag", "target_likelihood", "target_impact",
    "target_rag", "response", "residual_above_inherent_reason", "proximity", "date_identified", "review_date",
    "status", "closed_on", "restricted", "archived", "source_ref", "created", "updated", "residual_assessed",
)
ACTION_COLUMNS = ("id", "risk_id", "description", "owner_name", "due_date", "status")
MOVE_COLUMNS = (
    "id", "direction", "from_level", "to_level", "to_workstream_id", "to_project_id", "reason", "automatic",
    "residual_score", "proposed_at", "status", "decided_at", "decision_note",
)
PENDING_COLUMNS = (*(f"pending__{name}" for name in MOVE_COLUMNS), "pending__proposed_by__username",
                   "pending__decided_by__username")
OPEN_ACTIONS = frozenset((ActionStatus.NOT_STARTED.value, ActionStatus.IN_PROGRESS.value))


def page_values(queryset):
    """The (filtered, ordered) risk queryset read as the rows ``represent`` takes: the risk's columns, its owner's
    username and its pending move joined (the database allows one per risk, ``risk_move_one_pending_per_risk``).
    It keeps the queryset's ordering, so the paginator's cursors are made from the same values as from instances."""
    pending = FilteredRelation("moves", condition=Q(moves__status=MoveStatus.PROPOSED))
    return queryset.annotate(pending=pending).values(*RISK_COLUMNS, "owner__username", *PENDING_COLUMNS)


class _Datetimes:
    """``DateTimeField.to_representation`` for the request's time zone, read once: ISO 8601 in the current zone,
    ``Z`` for UTC. Anything else (another format in the settings, a naive value) goes through DRF's own field."""

    def __init__(self):
        self.field = DateTimeField()
        iso = isinstance(api_settings.DATETIME_FORMAT, str) and api_settings.DATETIME_FORMAT.lower() == ISO_8601
        self.zone = timezone.get_current_timezone() if iso and settings.USE_TZ else None

    def __call__(self, value):
        if value is None:
            return None
        if self.zone is None or type(value) is not datetime.datetime or value.tzinfo is None:
            return self.field.to_representation(value)
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _date(value):
    return None if value is None else value.isoformat()


def _pairs(queryset):
    grouped = {}
    for risk_id, pk in queryset:
        grouped.setdefault(risk_id, []).append(pk)
    return grouped


def link_ids(ids, user):
    """The objective and (readable) benefit ids of the risks ``ids`` as ``{risk id: [id, ...]}``, in the order the
    serializer's prefetches give them (objective code, benefit number): two flat queries of pairs, each from the
    linked model's own scoped manager joined to the link table."""
    objectives = _pairs(Objective.objects.filter(risks__id__in=ids).order_by("risks", "code", "pk")
                        .values_list("risks", "pk"))
    benefits = _pairs(Benefit.objects.visible_to(user).filter(threatening_risks__id__in=ids)
                      .order_by("threatening_risks", "number", "pk").values_list("threatening_risks", "pk"))
    return objectives, benefits


def _actions(ids, today):
    """``MitigationActionSerializer``'s dicts of the risks' actions, in the actions' own order, by risk id."""
    rows = (MitigationAction.objects.filter(risk__id__in=ids).order_by(*MitigationAction._meta.ordering)
            .values_list(*ACTION_COLUMNS, "owner__username"))
    grouped = {}
    for pk, risk_id, description, owner_name, due_date, status, owner in rows:
        grouped.setdefault(risk_id, []).append({
            "id": pk, "risk": risk_id, "description": description, "owner": owner, "owner_name": owner_name,
            "due_date": _date(due_date), "status": status,
            "overdue": bool(due_date and due_date < today and status in OPEN_ACTIONS),
        })
    return grouped


def _pending_move(row, datetimes):
    """``RiskMoveSerializer``'s dict of the row's joined pending move, or None."""
    if row["pending__id"] is None:
        return None
    return {
        "id": row["pending__id"], "risk": row["id"], "direction": row["pending__direction"],
        "from_level": row["pending__from_level"], "to_level": row["pending__to_level"],
        "to_workstream": row["pending__to_workstream_id"], "to_project": row["pending__to_project_id"],
        "reason": row["pending__reason"], "automatic": row["pending__automatic"],
        "residual_score": row["pending__residual_score"], "proposed_by": row["pending__proposed_by__username"],
        "proposed_at": datetimes(row["pending__proposed_at"]), "status": row["pending__status"],
        "decided_by": row["pending__decided_by__username"], "decided_at": datetimes(row["pending__decided_at"]),
        "decision_note": row["pending__decision_note"],
    }


def represent(rows, user):
    """``RiskSerializer(rows, many=True).data`` for a page of ``page_values`` rows, key for key and value for value
    (``user`` reads only the benefits ``Benefit.objects.visible_to`` allows, as the serializer's field does)."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    today = timezone.localdate()
    datetimes = _Datetimes()
    objectives, benefits = link_ids(ids, user)
    actions = _actions(ids, today)
    open_status = RiskStatus.OPEN.value
    result = []
    for row in rows:
        pk = row["id"]
        t_likelihood, t_impact, review_date = row["target_likelihood"], row["target_impact"], row["review_date"]
        result.append({
            "id": pk, "ref": row["ref"], "title": row["title"], "description": row["description"],
            "category": row["category"], "nature": row["nature"], "owner": row["owner__username"],
            "owner_name": row["owner_name"], "level": row["level"], "project": row["project_id"],
            "workstream": row["workstream_id"], "inherent_likelihood": row["inherent_likelihood"],
            "inherent_impact": row["inherent_impact"], "inherent_score": row["inherent_score"],
            "inherent_rag": row["inherent_rag"], "controls": row["controls"],
            "residual_likelihood": row["residual_likelihood"], "residual_impact": row["residual_impact"],
            "residual_score": row["residual_score"], "residual_rag": row["residual_rag"],
            "target_likelihood": t_likelihood, "target_impact": t_impact,
            "target_score": t_likelihood * t_impact if t_likelihood and t_impact else None,
            "target_rag": row["target_rag"], "response": row["response"],
            "residual_above_inherent_reason": row["residual_above_inherent_reason"], "proximity": row["proximity"],
            "date_identified": _date(row["date_identified"]), "review_date": _date(review_date),
            "overdue": bool(row["status"] == open_status and review_date and review_date < today),
            "status": row["status"], "closed_on": _date(row["closed_on"]), "restricted": row["restricted"],
            "archived": row["archived"], "objectives": objectives.get(pk, []), "benefits": benefits.get(pk, []),
            "source_ref": row["source_ref"], "pending_move": _pending_move(row, datetimes),
            "actions": actions.get(pk, []),
            "created": datetimes(row["created"]), "updated": datetimes(row["updated"]),
            "residual_assessed": row["residual_assessed"],
        })
    return result
