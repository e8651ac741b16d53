"""The engagement demo (issue 21): the LLR stakeholders the seeds name, and the Urgent Care service change behind
the Points of Access FBC with its pre-consultation engagement and three of the Four Tests evidenced."""

import pytest

from core.tenancy import tenant_context
from engagement import demo
from engagement.choices import ActivityStatus, FourTestName, ServiceChangeStatus, StakeholderCategory
from engagement.models import EngagementActivity, ServiceChange, Stakeholder, TestEvidence
from programme.choices import BodyKind

from .consultation_helpers import demo_change

pytestmark = pytest.mark.django_db


def test_the_stakeholders_the_seeds_name(in_llr):
    by_category = {}
    for stakeholder in Stakeholder.objects.filter(name__in=[row[0] for row in demo.STAKEHOLDERS]):
        by_category.setdefault(stakeholder.category, []).append(stakeholder.name)
    assert len(by_category[StakeholderCategory.HEALTH_AND_WELLBEING_BOARD]) == 3
    assert len(by_category[StakeholderCategory.SCRUTINY_COMMITTEE]) == 3
    assert by_category[StakeholderCategory.HEALTHWATCH] and by_category[StakeholderCategory.PPI_REFERENCE_GROUP]
    for place in ("Leicester City", "Leicestershire", "Rutland"):
        assert any(name.startswith(place) for name in by_category[StakeholderCategory.HEALTH_AND_WELLBEING_BOARD])


def test_the_points_of_access_service_change(in_llr):
    change = demo_change()
    assert change.workstream.name == "Urgent Care"
    assert change.business_case.title == "Integrating LLR Points of Access"
    assert change.status == ServiceChangeStatus.AWAITING_CONSULTATION_DECISION
    assert change.pre_consultation_start <= change.pre_consultation_end
    held = change.activities.filter(status=ActivityStatus.HELD)
    assert held.count() == 2 and all(activity.reach is None for activity in held)  # the FBC states no attendance
    assert change.activities.filter(status=ActivityStatus.PLANNED).count() == 1


def test_three_of_the_four_tests_are_evidenced(in_llr):
    change = demo_change()
    evidenced = {test.test: test.evidence.count() for test in change.four_tests.all()}
    assert {name for name, count in evidenced.items() if count} == {
        FourTestName.ENGAGEMENT, FourTestName.CLINICAL_EVIDENCE, FourTestName.COMMISSIONER_SUPPORT}
    assert evidenced[FourTestName.PATIENT_CHOICE] == 0
    decision = TestEvidence.objects.get(four_test__service_change=change, decision__isnull=False).decision
    assert decision.meeting is not None and decision.body.kind == BodyKind.PARTNERSHIP_BOARD


def test_northshire_has_none(in_northshire):
    assert not ServiceChange.objects.exists()


def test_loading_twice_changes_nothing(llr):
    def rows():
        with tenant_context(llr):
            return (Stakeholder.objects.count(), ServiceChange.objects.count(), EngagementActivity.objects.count(),
                    TestEvidence.objects.count())

    before = rows()
    with tenant_context(llr):
        demo.load(llr)
    assert rows() == before
