"""The demo follows the day it is loaded (``core.demo.Calendar``): each source's "now" (its anchor) falls on that
day, so the current stage contains it, no risk is overdue by more than its review cycle, some meetings are held
and some upcoming, and no benefit has an actual for a period not yet over. Loaded here as of two days far apart,
into fresh partnerships (the session's demo partnerships are renamed aside inside the test's transaction)."""

import datetime
from unittest import mock

import pytest

from benefits.models import BenefitMeasurement
from benefits.realisation import period_end
from core import demo
from core.models import Partnership
from core.tenancy import tenant_context
from meetings.models import Meeting
from programme.choices import StageStatus
from programme.demo import loading
from programme.models import Stage
from risks.choices import RiskStatus
from risks.models import Risk

pytestmark = pytest.mark.django_db

DAYS = [datetime.date(2027, 3, 15), datetime.date(2031, 8, 29)]


def load_as_of(day):
    for partnership in Partnership.objects.filter(slug__in=[spec.slug for spec in loading.TENANTS]):
        partnership.slug = f"{partnership.slug}-aside"
        partnership.save(update_fields=["slug"])
    with mock.patch("core.demo.today", return_value=day):
        return loading.load_all()


@pytest.mark.parametrize("day", DAYS)
def test_the_demo_is_placed_around_the_day_it_is_loaded(day):
    for partnership in load_as_of(day):
        with tenant_context(partnership):
            active = Stage.objects.get(status=StageStatus.ACTIVE)
            assert active.start <= day <= active.end, (partnership.slug, active.name, active.start, active.end)
            assert "20" not in active.name  # no year of the source's calendar in a stage's name
            for risk in Risk.objects.filter(status=RiskStatus.OPEN):
                cycle = risk.default_review_date(start=day) - day
                assert risk.review_date >= day - cycle, (partnership.slug, risk.ref, risk.review_date)
            assert Meeting.objects.filter(date__gt=day).exists()
            assert Meeting.objects.filter(date__lt=day, status="held").exists()
            for measurement in BenefitMeasurement.objects.filter(actual__isnull=False).select_related("benefit"):
                assert period_end(measurement.period, measurement.benefit.period_kind) < day, measurement


def test_llr_is_overdue_somewhere_but_not_since_the_source_years():
    day = DAYS[0]
    llr = next(p for p in load_as_of(day) if p.slug == "llr")
    with tenant_context(llr):
        overdue = Risk.objects.filter(status=RiskStatus.OPEN, review_date__lt=day)
        assert overdue.exists()  # the demo still shows the FBC's missed reviews
        assert not Risk.objects.filter(review_date__year__lt=2027).exists()


def test_a_second_load_the_same_day_changes_nothing():
    day = DAYS[1]
    load_as_of(day)
    with tenant_context(Partnership.objects.get(slug="llr")):
        before = list(Stage.objects.order_by("pk").values()), list(Risk.objects.order_by("pk").values())
    with mock.patch("core.demo.today", return_value=day):
        loading.load_all()
    with tenant_context(Partnership.objects.get(slug="llr")):
        assert (list(Stage.objects.order_by("pk").values()), list(Risk.objects.order_by("pk").values())) == before


def test_the_calendar_keeps_weekdays_and_month_ends():
    moved = demo.Calendar(datetime.date(2016, 7, 1), on=datetime.date(2026, 12, 4))
    assert moved.shift.days % 7 == 0
    assert moved.date(datetime.date(2016, 3, 15)).weekday() == datetime.date(2016, 3, 15).weekday()
    start, end = moved.boundary((2016, 4, 1)), moved.boundary((2017, 3, 31))
    assert start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    assert abs((moved.date(datetime.date(2016, 7, 1)) - datetime.date(2026, 12, 4)).days) <= 3
