"""What briefs and business cases put in a board pack (DOMAIN.md s5 and s8), registered in
``core.registry`` (found by ``autodiscover_modules("pack_sections")``).

- papers: briefs awaiting the Delivery Board's approval in principle; cases awaiting a board, as
  ``tiers.awaiting_board`` says (submitted: the Delivery Board decides an RFF and recommends an OBC or FBC;
  recommended: the Partnership Board decides), with any stage decided outside the portal labelled so
  (``elsewhere``);
- section "Allocation of resource" (a standing item of both boards, PID s3.4.2): the pipeline of cases by
  status and tier with their value, so the board sees the resource committed and asked for.

Restricted cases are never included.
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse

from business_cases import tiers
from business_cases.choices import AWAITING_A_BOARD, BriefStatus, CaseStatus, Tier
from business_cases.models import Brief, BusinessCase
from core import registry
from programme.choices import BodyKind

BOARDS = (BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD)
PIPELINE = (CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED, CaseStatus.APPROVED)


def money(amount):
    return f"£{Decimal(amount or 0):,.2f}"


def briefs_awaiting(body):
    if body.kind != BodyKind.DELIVERY_BOARD:
        return []
    briefs = Brief.objects.filter(status=BriefStatus.SUBMITTED).select_related("workstream").order_by("submitted_at",
                                                                                                      "pk")
    return [
        registry.Paper(
            source="business_cases.brief", obj=brief, ref="", title=f"Brief: {brief.title}", kind="Briefs",
            ask="Approve in principle (admits the work to the programme), or reject",
            summary=brief.description[:600], link=reverse("business_cases:brief", args=[brief.pk]),
            facts=(("Kind", brief.get_kind_display()), ("Workstream", str(brief.workstream or "New workstream")),
                   ("Estimated cost", money(brief.cost)), ("Timeframe", brief.timeframe or "–")),
        )
        for brief in briefs
    ]


def cases_awaiting(body):
    if body.kind not in BOARDS:
        return []
    cases = (BusinessCase.objects.filter(status__in=AWAITING_A_BOARD, restricted=False)
             .select_related("project__workstream").annotate(scorers=Count("scores"))
             .prefetch_related("prior_decisions").order_by("number"))
    papers = []
    for case in cases:
        if tiers.awaiting_board(case.tier, case.status) != body.kind:
            continue
        if case.status == CaseStatus.RECOMMENDED:
            ask = "Approve or reject, on the Delivery Board's recommendation"
        elif case.needs_recommendation:
            ask = "Recommend to the Partnership Board, or reject"
        else:
            ask = "Approve or reject the request for funding"
        papers.append(registry.Paper(
            source="business_cases.case", obj=case, ref=case.ref, title=case.title,
            kind="Business cases", ask=ask, summary=(case.summary or "")[:600],
            link=reverse("business_cases:detail", args=[case.pk]),
            facts=(("Document", case.get_document_type_display()), ("Value of the work", money(case.value)),
                   ("Project", f"{case.project} ({case.project.workstream})"),
                   ("Prioritisation scores", f"{case.scorers} assessor{'s' if case.scorers != 1 else ''}"),
                   # A stage decided before or outside the portal, labelled as such: never a portal decision.
                   *((f"{prior.stage_short} decided outside the portal", prior.label)
                     for prior in case.prior_decisions.all())),
        ))
    return papers


def resource_section(ctx):
    cases = BusinessCase.objects.filter(restricted=False)
    rows = (cases.filter(status__in=PIPELINE).values("status", "tier")
            .annotate(n=Count("pk"), value=Sum("value")).order_by())
    table = {(row["status"], row["tier"]): row for row in rows}
    lines = []
    for status in PIPELINE:
        cells = [table.get((status, tier), {"n": 0, "value": 0}) for tier in Tier.values]
        lines.append({"status": CaseStatus(status).label, "cells": [(c["n"], money(c["value"])) for c in cells],
                      "total": money(sum((c["value"] or 0) for c in cells))})
    decided = (cases.filter(decided_at__date__gte=ctx.since).exclude(status__in=AWAITING_A_BOARD)
               .select_related("project").order_by("-decided_at"))
    recent = list(decided[: ctx.max_rows + 1])
    return {"tiers": [Tier(tier).label for tier in Tier.values], "lines": lines,
            "recent": recent[: ctx.max_rows], "more_recent": max(0, len(recent) - ctx.max_rows)}


registry.register_papers("business_cases.brief", briefs_awaiting, order=10)
registry.register_papers("business_cases.case", cases_awaiting, order=20)
registry.register_section("resource", "Allocation of resource: the business case pipeline", 45,
                          "packs/sections/resource.html", resource_section, bodies=BOARDS)
