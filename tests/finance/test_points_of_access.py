"""The Points of Access FBC (seed 004) as the demo loads it: every total the document states, checked against what
the portal computes from the budget lines; the source's own disagreements are shown, not hidden."""

from collections import defaultdict
from decimal import Decimal

import pytest

from business_cases import demo_poa
from business_cases.models import BusinessCase
from core import registry
from finance import demo, pack_sections, reconcile
from finance.models import Actual, BudgetLine
from meetings.models import Meeting
from programme.choices import BodyKind

pytestmark = pytest.mark.django_db

# What the portal computes from the lines (Tables 6–8 at the quarter's grain) against each stated total.
EXPECTED = {
    "Phase 1 Standardisation (Table 5)": ("703600", "707600"),
    "Phase 2 Integration (Table 5)": ("1171200", "1178400"),
    "Phase 3 Service Migration (Table 5)": ("398300", "224900"),
    "All phases (Table 5)": ("2273100", "2110900"),
    "Phase 1 Standardisation (Table 6)": ("707600", "707600"),
    "Phase 2 Integration (Table 7)": ("1178400", "1178400"),
    "Phase 3 Service Migration (Table 8)": ("366750", "224900"),
    "All points of access (Table 9)": ("2273100", "2110900"),
}


def test_every_stated_total_against_the_portals(poa):
    found = {check.label: check for check in reconcile.checks(poa)}
    assert set(found) == set(EXPECTED)
    for label, (stated, computed) in EXPECTED.items():
        assert (found[label].stated, found[label].computed) == (Decimal(stated), Decimal(computed)), label
    # Table 8's own quarters (its columns end at 2018/19 Q1) add up to £224,900 where the row states £366,750.
    assert found["Phase 3 Service Migration (Table 8)"].difference == Decimal("-141850")
    assert found["All phases (Table 5)"].difference == Decimal("-162200")
    assert found["Phase 1 Standardisation (Table 6)"].agrees and found["Phase 2 Integration (Table 7)"].agrees


def test_each_quarter_adds_up_to_the_table_exactly(poa):
    """The approval path's baseline (Tables 6–8 split between partners), moved to the demo's calendar: every quarter
    of every phase adds up to the table exactly, and no line lacks its quarter or partner."""
    by_quarter = defaultdict(Decimal)
    lines = BudgetLine.objects.filter(project=poa, business_case__title=demo.POA, change_request__isnull=True)
    for line in lines.select_related("funding_source"):
        assert line.quarter and line.funding_source.organisation_id and line.spend_kind == "not_stated", line
        by_quarter[(line.phase, line.financial_year, line.quarter)] += line.amount
    shift = demo.year_shift(poa.tenant)
    expected = {}
    for row in demo_poa.quarter_lines():
        year = int(row["financial_year"][:4]) + shift
        expected[(row["phase"], f"{year}/{(year + 1) % 100:02d}", row["quarter"])] = row["amount"]
    assert len(expected) == 14 and dict(by_quarter) == expected


def test_the_partner_split_per_phase_and_its_penny(poa):
    """Table 9 splits phases 1 and 2 to the pound of Table 5 and phase 3 a penny over; its rows total £2,273,100.01
    where it states £2,273,100. Each quarter is split between the phase's partners by their shares."""
    case = BusinessCase.objects.get(project=poa, title=demo.POA)
    stated = defaultdict(Decimal)
    for share in case.cost_shares.all():
        stated[share.phase] += share.amount
    assert dict(stated) == {None: Decimal("2273100.01"), 1: Decimal("703600.00"), 2: Decimal("1171200.00"),
                            3: Decimal("398300.01")}
    phase_3 = BudgetLine.objects.filter(project=poa, business_case=case, phase=3, amount__gt=0)
    first = phase_3.order_by("financial_year", "quarter").first()
    parts = phase_3.filter(financial_year=first.financial_year, quarter=first.quarter)
    assert sum(p.amount for p in parts) == Decimal("25975")
    assert {p.funding_source.organisation.code for p in parts} == {"LEICS", "UHL", "RCC", "LPT"}
    # First Contact Plus (County) holds 34.78% of phase 3, the other three 21.74% each.
    assert {p.funding_source.organisation.code: p.amount for p in parts}["LEICS"] == Decimal("9034.11")


def test_the_project_page_shows_the_differences(client, poa, persona, llr):
    client.force_login(persona("pmo.llr"))
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    html = client.get(f"/finance/projects/{poa.pk}/").content.decode()
    assert "-£141,850.00" in html and "Table 8, Phase 3 spend by quarter" in html


def test_actuals_are_only_for_months_that_have_ended(poa):
    from django.utils import timezone

    months = set(Actual.objects.filter(project=poa).values_list("month", flat=True))
    assert months and max(months) < timezone.localdate().replace(day=1)


def test_the_pack_section_for_the_boards(in_llr, llr):
    assert "finance" in {section.key for section in registry.sections()}
    meeting = Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).select_related("body").last()
    ctx = registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=meeting.date,
                               today=meeting.date)
    built = pack_sections.finance_section(ctx)
    assert "<svg" in built["workstreams"].svg and built["partners"].rows
    assert built["total"].budget > 0
    labels = {section.key for section in registry.sections(meeting.body)}
    assert "finance" in labels
