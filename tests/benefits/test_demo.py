"""The demo benefits hold what the brief and the source documents promise."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from benefits import services
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_points_of_access_savings_by_phase(in_llr, poa):
    phases = list(Benefit.objects.filter(title__startswith="Points of Access phase").order_by("title"))
    assert len(phases) == 3
    assert [b.planned_total for b in phases] == [Decimal(2647049), Decimal(913530), Decimal(794565)]
    assert [b.target for b in phases] == [Decimal(2647050), Decimal(913528), Decimal(794566)]  # Table 3, as stated
    for benefit in phases:
        assert benefit.type == "cashable" and benefit.period_kind == "financial_year"
        assert list(benefit.projects.all()) == [poa] and benefit.business_cases.filter(project=poa).exists()
        shares = {a.organisation.code: a.percent for a in benefit.attributions.select_related("organisation")}
        assert shares == {"LEICS": 30, "LCC": 28, "LPT": 32, "UHL": 5, "RCC": 5}
        assert sum(shares.values()) == 100
    # Table 4's 2017/18, the profile's second year (the demo moves the years to the day it is loaded).
    second_year = BenefitMeasurement.objects.filter(benefit=phases[0]).order_by("period")[1]
    assert second_year.period.month == 4 and second_year.planned == Decimal(487323)


def test_every_rag_colour_and_a_double_count(in_llr, llr):
    thresholds = BenefitSettings.for_tenant(llr).thresholds
    rags = set(Benefit.objects.with_rag(thresholds).values_list("rag", flat=True))
    assert rags == {"green", "amber", "red", "not_measured"}
    index = services.double_counting()
    double = Benefit.objects.get(title="LPT SPA e-referral channel shift savings")
    assert double.pk in index.several and index.flagged(double.pk)


def test_programme_benefits_from_the_summary_deck(in_llr):
    beds = Benefit.objects.get(title__startswith="UHL beds' worth")
    assert beds.target == 250 and beds.planned_total == 250 and beds.unit == "beds"
    assert set(beds.objectives.values_list("code", flat=True)) == {"SO1", "SO4"}
    assert Benefit.objects.get(title__contains="427").target == 427
    assert Benefit.objects.filter(type="non_financial").count() >= 3


def test_northshire_has_two(in_northshire):
    assert Benefit.objects.count() == 2


def test_loading_again_changes_nothing(llr):
    def snapshot():
        with tenant_context(llr):
            return [list(model.objects.order_by("pk").values()) for model in
                    (Benefit, BenefitAttribution, BenefitMeasurement)] + [
                model.history.count() for model in (Benefit, BenefitAttribution, BenefitMeasurement)]

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
