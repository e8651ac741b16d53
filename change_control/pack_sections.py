"""What change control puts in a board pack (DOMAIN.md s7 and s8), registered in ``core.registry``
(found by ``autodiscover_modules("pack_sections")``).

- papers: change requests whose derived authority is the Delivery Board and that are proposed, i.e. awaiting
  its decision (approve, reject or defer, PID s4.7);
- section "Change control" (Delivery Board packs): the requests decided since the last pack, whoever decided
  them, and those still open by authority, so the board sees change across the programme.
"""

from django.db.models import Count
from django.urls import reverse

from change_control.choices import Authority, Status
from change_control.models import CLOSED_STATUSES, OPEN_STATUSES, ChangeRequest
from core import registry
from programme.choices import BodyKind


def money(amount):
    if amount is None:
        return "not assessed"
    sign = "saving of " if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def awaiting(body):
    if body.kind != BodyKind.DELIVERY_BOARD:
        return []
    requests = (ChangeRequest.objects.filter(status=Status.PROPOSED, authority=Authority.DELIVERY_BOARD)
                .select_related("workstream", "project", "business_case", "originator").order_by("number"))
    papers = []
    for request in requests:
        facts = [("Raised against", request.against_label), ("Cost impact", money(request.cost_impact))]
        if request.time_impact_days:
            facts.append(("Time impact", f"{request.time_impact_days} days"))
        if request.changes_stage_or_objective:
            facts.append(("Changes", "a programme stage or objective"))
        if request.changes_business_case_tier:
            facts.append(("Changes", "the tier of a business case"))
        if request.priority:
            facts.append(("Priority", request.get_priority_display()))
        papers.append(registry.Paper(
            source="change_control.request", obj=request, ref=request.ref, title=request.title,
            kind="Change requests", ask="Approve, reject or defer the change",
            summary=(request.proposal or request.description)[:600],
            link=reverse("change_control:detail", args=[request.pk]), facts=tuple(facts),
        ))
    return papers


def change_section(ctx):
    limit = ctx.max_rows
    decided = list(ChangeRequest.objects.filter(status__in=CLOSED_STATUSES, decided_at__date__gte=ctx.since)
                   .select_related("decided_by").order_by("-decided_at")[: limit + 1])
    open_counts = dict(ChangeRequest.objects.filter(status__in=OPEN_STATUSES).values_list("authority")
                       .annotate(n=Count("pk")))
    return {
        "decided": decided[:limit], "more_decided": max(0, len(decided) - limit),
        "open": [(Authority(key).label if key else "Not yet assessed", open_counts[key])
                 for key in [*Authority.values, ""] if open_counts.get(key)],
        "money": money,
    }


registry.register_papers("change_control.request", awaiting, order=30)
registry.register_section("change_control", "Change control", 55, "packs/sections/change_control.html",
                          change_section, bodies=[BodyKind.DELIVERY_BOARD])
