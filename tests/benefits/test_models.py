"""The models: references, derived level and scope, measurement validation, the stored position and RAG."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from benefits import realisation
from benefits.choices import Level, PeriodKind, RealisationRag
from benefits.models import Benefit, BenefitMeasurement, BenefitSettings, derive_scope
from core.models import ReferenceCounter
from core.tenancy import tenant_context
from programme.models import Project, Workstream

from .conftest import fy

pytestmark = pytest.mark.django_db
D = Decimal


def test_refs_are_numbered_per_tenant(make_benefit, llr, northshire):
    with tenant_context(llr):
        last = Benefit.objects.order_by("-number").first().number
    first = make_benefit(title="A")
    second = make_benefit(title="B")
    assert (first.ref, second.ref) == (f"B-{last + 1:04d}", f"B-{last + 2:04d}")
    with tenant_context(northshire):
        north_last = Benefit.objects.order_by("-number").first().number
    assert make_benefit(tenant=northshire, title="N").ref == f"B-{north_last + 1:04d}"


def test_refs_come_from_the_kernels_counter_of_kind_b(make_benefit, llr):
    first = make_benefit(title="Counted")
    with tenant_context(llr):
        assert ReferenceCounter.objects.get(kind="B").last == first.number
        ReferenceCounter.objects.filter(kind="B").delete()  # a register numbered before its counter
    assert make_benefit(title="Later").number == first.number + 1  # carries on from the highest number in use


@pytest.mark.parametrize("workstream,projects,expected", [
    (None, [], (Level.PROGRAMME, None, None)),
    (None, [(1, 10)], (Level.PROJECT, 10, 1)),
    (10, [(1, 10)], (Level.PROJECT, 10, 1)),
    (None, [(1, 10), (2, 10)], (Level.WORKSTREAM, 10, None)),
    (10, [], (Level.WORKSTREAM, 10, None)),
    (10, [(1, 10), (2, 10)], (Level.WORKSTREAM, 10, None)),
    (None, [(1, 10), (2, 11)], (Level.PROGRAMME, None, None)),
])
def test_derive_scope(workstream, projects, expected):
    assert derive_scope(workstream, projects) == expected


def test_level_follows_the_projects_however_they_change(make_benefit, poa, urgent_care):
    benefit = make_benefit(title="Moves")
    assert benefit.level == Level.PROGRAMME
    benefit.projects.add(poa)
    benefit.refresh_from_db()
    assert (benefit.level, benefit.scope_project_id, benefit.scope_workstream_id) == (
        Level.PROJECT, poa.pk, urgent_care.pk)
    other = Project.objects.exclude(workstream=urgent_care).first()
    poa.benefits.add(Benefit.objects.get(pk=benefit.pk))  # from the project's side: no change
    other.benefits.add(benefit)
    benefit.refresh_from_db()
    assert benefit.level == Level.PROGRAMME
    other.benefits.remove(benefit)
    benefit.refresh_from_db()
    assert benefit.level == Level.PROJECT
    benefit.projects.clear()
    benefit.refresh_from_db()
    assert benefit.level == Level.PROGRAMME
    benefit.workstream = urgent_care
    benefit.save()
    assert Benefit.objects.get(pk=benefit.pk).level == Level.WORKSTREAM


def test_measurement_period_must_align_with_the_profile(make_benefit):
    benefit = make_benefit(title="Quarterly", period_kind=PeriodKind.QUARTER,
                           profile_start=datetime.date(2017, 4, 1), profile_end=datetime.date(2018, 1, 1))
    good = BenefitMeasurement(benefit=benefit, period=datetime.date(2017, 10, 1), planned=D(5))
    good.full_clean(exclude=["tenant"])
    for period, words in [(datetime.date(2017, 5, 1), "quarter starts"), (datetime.date(2018, 4, 1), "outside"),
                          (datetime.date(2017, 1, 1), "outside")]:
        with pytest.raises(ValidationError) as caught:
            BenefitMeasurement(benefit=benefit, period=period, planned=D(5)).full_clean(exclude=["tenant"])
        assert words in " ".join(caught.value.message_dict["period"])
    with pytest.raises(ValidationError):
        BenefitMeasurement(benefit=benefit, period=datetime.date(2017, 10, 1)).full_clean(exclude=["tenant"])


def test_profile_bounds_align_and_order(make_benefit, in_llr):
    benefit = make_benefit(title="Bounds")
    benefit.profile_start = datetime.date(2017, 5, 1)
    benefit.profile_end = datetime.date(2016, 4, 1)
    with pytest.raises(ValidationError) as caught:
        benefit.clean()
    assert set(caught.value.message_dict) == {"profile_start", "profile_end"}


def test_period_kind_cannot_strand_recorded_measurements(make_benefit, in_llr):
    benefit = make_benefit(title="Yearly", points=[(fy(2017), D(10), D(10), None)])
    benefit.period_kind = PeriodKind.QUARTER
    benefit.clean()  # 1 April starts a quarter too
    benefit.measurements.update(period=fy(2017))
    BenefitMeasurement(benefit=benefit, period=datetime.date(2017, 7, 1), planned=D(1)).save()
    benefit.period_kind = PeriodKind.FINANCIAL_YEAR
    with pytest.raises(ValidationError) as caught:
        benefit.clean()
    assert "period_kind" in caught.value.message_dict


def test_one_measurement_per_period(make_benefit, in_llr):
    benefit = make_benefit(title="Unique", points=[(fy(2017), D(10), None, None)])
    with pytest.raises(IntegrityError), transaction.atomic():
        BenefitMeasurement(benefit=benefit, period=fy(2017), planned=D(11)).save()


def test_position_is_stored_from_the_measurements(make_benefit):
    benefit = make_benefit(title="Position", points=[(fy(2016), D(0), None, None), (fy(2017), D(100), D(90), None),
                                                     (fy(2018), D(200), D(150), None), (fy(2019), D(200), None, D(1))])
    assert (benefit.planned_total, benefit.planned_to_date, benefit.actual_to_date) == (D(500), D(300), D(240))
    assert benefit.realisation_percent == D("80.00") and benefit.trend == "worsening"
    assert benefit.latest_period == fy(2018)


@pytest.mark.parametrize("actual", ["95", "94.99", "80", "79.99", "100", "0"])
def test_the_rag_annotation_agrees_with_the_pure_function(make_benefit, llr, actual):
    benefit = make_benefit(title="Boundary", points=[(fy(2017), D("100"), D(actual), None)])
    with tenant_context(llr):
        thresholds = BenefitSettings.for_tenant(llr).thresholds
        annotated = Benefit.objects.with_rag(thresholds).get(pk=benefit.pk).rag
    assert annotated == realisation.rag(D(actual), D(100), thresholds)


def test_changing_the_thresholds_changes_the_rag(make_benefit, llr):
    benefit = make_benefit(title="Strict", points=[(fy(2017), D(100), D(96), None)])
    with tenant_context(llr):
        settings = BenefitSettings.for_tenant(llr)
        assert Benefit.objects.with_rag(settings.thresholds).get(pk=benefit.pk).rag == RealisationRag.GREEN
        settings.green_from, settings.amber_from = D(98), D(90)
        settings.full_clean(exclude=["tenant"])
        settings.save()
        assert Benefit.objects.with_rag(settings.thresholds).get(pk=benefit.pk).rag == RealisationRag.AMBER
        settings.amber_from = D(99)
        with pytest.raises(ValidationError):
            settings.full_clean(exclude=["tenant"])


def test_history_records_changes(make_benefit, in_llr):
    benefit = make_benefit(title="Audited")
    benefit.title = "Audited again"
    benefit.save()
    assert benefit.history.count() == 2
    assert Workstream.objects.exists()
