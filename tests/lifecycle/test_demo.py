"""The demo lifecycle: the PID's stage plan with the first Delivery stage's end-of-stage report approved by both
boards, lessons, an EIA awaiting the Delivery Board, a CRG quality review; loading twice changes nothing."""

import pytest

from core.tenancy import tenant_context
from lifecycle import demo
from lifecycle.models import EiaCharacteristic, EndOfStageReport, EqualityImpactAssessment, Lesson, QualityReview
from programme.models import Stage

pytestmark = pytest.mark.django_db
MODELS = [EndOfStageReport, Lesson, EqualityImpactAssessment, EiaCharacteristic, QualityReview]


def test_the_stage_plan_and_the_first_delivery_report(in_llr):
    assert [s.kind for s in Stage.objects.order_by("sequence")] == [
        "identification", "definition", "delivery", "delivery", "delivery", "closure"]
    report = EndOfStageReport.objects.get(stage__name=demo.FIRST_DELIVERY_STAGE)
    assert report.status == "approved" and report.prepared_by.username == "director.llr"
    assert report.lessons.count() == 2 and report.next_stage_plan


def test_the_eia_awaits_the_delivery_board(in_llr):
    eia = EqualityImpactAssessment.objects.get()
    assert eia.status == "signed_off" and eia.characteristics.count() == 10
    assert eia.characteristics.filter(impact="negative").exclude(mitigation="").count() == 2


def test_loading_twice_changes_nothing(llr, northshire):
    with tenant_context(llr):
        before = [(m.objects.count(), m.history.count()) for m in MODELS]
        demo.load(llr)
        assert [(m.objects.count(), m.history.count()) for m in MODELS] == before
    with tenant_context(northshire):
        demo.load(northshire)
        assert EndOfStageReport.objects.count() == 0
