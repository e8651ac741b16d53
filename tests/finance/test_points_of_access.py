"""The Points of Access FBC (seed 004) as the demo loads it: every total the document states, checked against what
the portal computes from the budget lines; the source's own disagreements are shown, not hidden."""

from collections import defaultdict
from decimal import Decimal

import pytest

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
    by_quarter = defaultdict(Decimal)
    for line in BudgetLine.objects.filter(project=poa, phase__isnull=False):
        by_quarter[(line.phase, line.financial_year, line.quarter)] += line.amount
    shift = demo.year_shift(poa.tenant)
    for phase, amounts in demo.SPEND_BY_QUARTER.items():
        for (offset, quarter), amount in zip(demo.QUARTERS, amounts, strict=True):
            year = demo.SOURCE_YEAR + offset + shift
            label = f"{year}/{(year + 1) % 100:02d}"
            assert by_quarter.get((phase, label, quarter), Decimal("0")) == Decimal(amount), (phase, label, quarter)


def test_the_partner_split_per_phase_and_its_penny(poa):
    """Table 9 splits phases 1 and 2 to the pound of Table 5 and phase 3 a penny over; its rows total £2,273,100.01
    where it states £2,273,100."""
    assert sum(demo.phase_split(1).values()) == Decimal("703600.00")
    assert sum(demo.phase_split(2).values()) == Decimal("1171200.00")
    assert sum(demo.phase_split(3).values()) == Decimal("398300.01")
    assert sum(sum(demo.phase_split(p).values()) for p in (1, 2, 3)) == Decimal("2273100.01")
    shares = demo.split_quarter(Decimal("25975"), demo.phase_split(3))
    assert sum(shares.values()) == Decimal("25975") and set(shares) == {"LEICS", "UHL", "RCC", "LPT"}


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
