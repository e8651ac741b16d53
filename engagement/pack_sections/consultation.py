"""What consultation and engagement put in the Delivery Board's pack, registered in ``core.registry`` (imported by
the ``engagement.pack_sections`` package, which ``autodiscover_modules`` finds):

- section "Engagement forward look": the engagement activities planned in the 13 weeks from the meeting, soonest
  first;
- section "Service changes: the Four Tests": each open service change (not decided or withdrawn) with the status of
  each of its Four Tests; a test without evidence is printed "Not evidenced", never left out;
- papers for decision: each service change awaiting its consultation decision (whether, and how, to go to formal
  public consultation) is a paper for the Delivery Board, with its Four Tests' status among its facts.

Restricted business cases are never named (a pack goes to the whole board).
"""

import datetime

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from core import registry
from engagement.choices import ActivityStatus, FourTestName, ServiceChangeStatus
from engagement.models import EngagementActivity, FourTest, ServiceChange
from programme.choices import BodyKind

HORIZON = datetime.timedelta(weeks=13)
CLOSED = (ServiceChangeStatus.DECIDED, ServiceChangeStatus.WITHDRAWN)
TEST_ORDER = {value: index for index, value in enumerate(FourTestName.values)}
DELIVERY = (BodyKind.DELIVERY_BOARD,)


def forward_look(ctx):
    start, end = ctx.meeting.date, ctx.meeting.date + HORIZON
    planned = (EngagementActivity.objects.filter(status=ActivityStatus.PLANNED, planned_date__gte=start,
                                                 planned_date__lte=end)
               .select_related("owner", "service_change", "workstream").order_by("planned_date", "number"))
    found = list(planned[: ctx.max_rows + 1])
    return {"activities": found[: ctx.max_rows], "more": max(0, len(found) - ctx.max_rows), "start": start,
            "end": end}


def with_tests(queryset):
    tests = FourTest.objects.annotate(evidence_count=Count("evidence")).order_by("pk")
    return queryset.select_related("workstream", "business_case").prefetch_related(
        Prefetch("four_tests", queryset=tests, to_attr="tests"))


def test_cells(change):
    """[(test name, evidence count)] in PID s4.2's order: all four, evidenced or not."""
    tests = sorted(change.tests, key=lambda test: TEST_ORDER.get(test.test, 99))
    return [(test.get_test_display(), test.evidence_count) for test in tests]


def tests_status(change):
    cells = test_cells(change)
    evidenced = sum(1 for _, count in cells if count)
    missing = [name for name, count in cells if not count]
    text = f"{evidenced} of {len(cells)} evidenced"
    return text + (f"; not evidenced: {'; '.join(missing)}" if missing else "")


def four_tests_section(ctx):
    changes = list(with_tests(ServiceChange.objects.exclude(status__in=CLOSED)).order_by("number")
                   [: ctx.max_rows + 1])
    if not changes:
        return None
    rows = [{"change": change, "cells": test_cells(change)} for change in changes[: ctx.max_rows]]
    return {"rows": rows, "tests": FourTestName.labels, "more": max(0, len(changes) - ctx.max_rows)}


def _business_case(change):
    if not change.business_case_id:
        return "None recorded"
    return "A restricted business case" if change.business_case.restricted else \
        f"{change.business_case.ref} {change.business_case.title}"


def _period(start, end):
    if not start:
        return "Not recorded"
    return f"{start:%d %b %Y} to {end:%d %b %Y}" if end else f"From {start:%d %b %Y}"


def awaiting_consultation_decision(body):
    if body.kind != BodyKind.DELIVERY_BOARD:
        return []
    changes = with_tests(ServiceChange.objects.filter(status=ServiceChangeStatus.AWAITING_CONSULTATION_DECISION)
                         .annotate(activity_count=Count("activities", filter=~Q(
                             activities__status=ActivityStatus.CANCELLED)))).order_by("number")
    return [
        registry.Paper(
            source="engagement.service_change", obj=change, ref=change.ref, title=change.title,
            kind="Service changes", ask="Decide whether the change goes to formal public consultation, on the "
                                        "evidence of its pre-consultation engagement and the Four Tests",
            summary=change.description[:600], link=reverse("engagement:service-change", args=[change.pk]),
            facts=(("Workstream", change.workstream.name), ("Business case", _business_case(change)),
                   ("Pre-consultation engagement", _period(change.pre_consultation_start,
                                                           change.pre_consultation_end)),
                   ("Engagement activities", str(change.activity_count)),
                   ("The Four Tests", tests_status(change))),
        )
        for change in changes
    ]


registry.register_section("engagement_forward_look", "Engagement forward look", 47,
                          "engagement/service_change_pack_forward_look.html", forward_look, bodies=DELIVERY)
registry.register_section("four_tests", "Service changes: the Four Tests", 48, "engagement/four_tests_pack_status.html",
                          four_tests_section, bodies=DELIVERY)
registry.register_papers("engagement.service_change", awaiting_consultation_decision, order=60)
