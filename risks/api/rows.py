"""The risk list's read path (issue 20): a page of risks read as ``values()`` rows and turned into exactly the dicts
``RiskSerializer(many=True)`` makes, with no model instance per risk, action, move or link and no serializer built
per request (DRF builds and deep-copies every field of the serializer and its nested ones on each request).

Four queries of plain values for a page: the risks with their owner's username (``page_values``, which the
paginator pages), then for the page's ids the actions with their owners, the pending moves with their people,
and the objective and readable benefit ids as pairs. The detail and every write still go through the serializer;
``tests/risks/test_api_list_rows.py`` holds the bytes equal to the serializer's over every branch of every field."""

import datetime

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from rest_framework import ISO_8601
from rest_framework.fields import DateTimeField
from rest_framework.settings import api_settings

from benefits.models import Benefit
from risks.choices import ActionStatus, MoveStatus, RiskStatus
from risks.models import MitigationAction, Risk, RiskMove

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
    "id", "risk_id", "direction", "from_level", "to_level", "to_workstream_id", "to_project_id", "reason", "automatic",
    "residual_score", "proposed_at", "status", "decided_at", "decision_note",
)
OPEN_ACTIONS = frozenset((ActionStatus.NOT_STARTED.value, ActionStatus.IN_PROGRESS.value))


def page_values(queryset):
    """The (filtered, ordered) risk queryset read as the rows ``represent`` takes; it keeps the queryset's ordering,
    so the paginator's cursors are made from the same values as from model instances."""
    return queryset.values(*RISK_COLUMNS, owner_username=F("owner__username"))


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


def _pairs(queryset, column):
    grouped = {}
    for risk_id, pk in queryset.values_list("risk_id", column):
        grouped.setdefault(risk_id, []).append(pk)
    return grouped


def link_ids(ids, user):
    """The objective and (readable) benefit ids of the risks ``ids`` as ``{risk id: [id, ...]}``, in the order the
    serializer's prefetches give them (objective code, benefit number): two flat queries of pairs."""
    objectives = _pairs(Risk.objectives.through.objects.filter(risk_id__in=ids)
                        .order_by("risk_id", "objective__code", "objective_id"), "objective_id")
    benefits = _pairs(Risk.benefits.through.objects.filter(
        risk_id__in=ids, benefit_id__in=Benefit.objects.visible_to(user).values("pk"))
        .order_by("risk_id", "benefit__number", "benefit_id"), "benefit_id")
    return objectives, benefits


def _actions(ids, today):
    """``MitigationActionSerializer``'s dicts of the risks' actions, in the actions' own order, by risk id."""
    rows = (MitigationAction.objects.filter(risk_id__in=ids).order_by(*MitigationAction._meta.ordering)
            .values_list(*ACTION_COLUMNS, "owner__username"))
    grouped = {}
    for pk, risk_id, description, owner_name, due_date, status, owner in rows:
        grouped.setdefault(risk_id, []).append({
            "id": pk, "risk": risk_id, "description": description, "owner": owner, "owner_name": owner_name,
            "due_date": _date(due_date), "status": status,
            "overdue": bool(due_date and due_date < today and status in OPEN_ACTIONS),
        })
    return grouped


def _pending_moves(ids, datetimes):
    """``RiskMoveSerializer``'s dict of each risk's pending move (the first in the moves' order; the database allows
    one), by risk id."""
    rows = (RiskMove.objects.filter(risk_id__in=ids, status=MoveStatus.PROPOSED).order_by(*RiskMove._meta.ordering)
            .values(*MOVE_COLUMNS, proposed_by_username=F("proposed_by__username"),
                    decided_by_username=F("decided_by__username")))
    moves = {}
    for row in rows:
        if row["risk_id"] in moves:
            continue
        moves[row["risk_id"]] = {
            "id": row["id"], "risk": row["risk_id"], "direction": row["direction"], "from_level": row["from_level"],
            "to_level": row["to_level"], "to_workstream": row["to_workstream_id"], "to_project": row["to_project_id"],
            "reason": row["reason"], "automatic": row["automatic"], "residual_score": row["residual_score"],
            "proposed_by": row["proposed_by_username"], "proposed_at": datetimes(row["proposed_at"]),
            "status": row["status"], "decided_by": row["decided_by_username"],
            "decided_at": datetimes(row["decided_at"]), "decision_note": row["decision_note"],
        }
    return moves


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
    moves = _pending_moves(ids, datetimes)
    open_status = RiskStatus.OPEN.value
    result = []
    for row in rows:
        pk = row["id"]
        t_likelihood, t_impact, review_date = row["target_likelihood"], row["target_impact"], row["review_date"]
        result.append({
            "id": pk, "ref": row["ref"], "title": row["title"], "description": row["description"],
            "category": row["category"], "nature": row["nature"], "owner": row["owner_username"],
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
            "source_ref": row["source_ref"], "pending_move": moves.get(pk), "actions": actions.get(pk, []),
            "created": datetimes(row["created"]), "updated": datetimes(row["updated"]),
            "residual_assessed": row["residual_assessed"],
        })
    return result
