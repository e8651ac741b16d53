"""The engagement foundation: references, the seeded objectives, the Four Tests made with a service change, and
the model constraints every part relies on."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Partnership
from core.tenancy import tenant_context
from engagement.choices import PLAN_OBJECTIVES, EvidenceKind, FourTestName
from engagement.models import EngagementObjective, EngagementResponse, FourTest, Stakeholder, TestEvidence

pytestmark = pytest.mark.django_db


def test_every_partnership_has_the_nine_objectives(llr, northshire):
    for partnership in (llr, northshire):
        with tenant_context(partnership):
            titles = list(EngagementObjective.objects.values_list("title", flat=True))
        assert titles == PLAN_OBJECTIVES


def test_a_new_partnership_gets_the_objectives_once():
    new = Partnership.objects.create(slug="newshire", name="Newshire partnership", short_name="Newshire")
    new.save()
    assert EngagementObjective.all_tenants.filter(tenant=new).count() == 9


def test_references_and_the_four_tests(make):
    first, second = make.stakeholder("Healthwatch Leicester"), make.stakeholder("Healthwatch Rutland")
    assert (first.ref, second.ref) == (f"SH-{first.number:04d}", f"SH-{first.number + 1:04d}")
    change = make.service_change()
    assert change.ref.startswith("SC-")
    assert sorted(change.four_tests.values_list("test", flat=True)) == sorted(FourTestName.values)
    change.title = "Renamed"
    change.save()
    assert FourTest.objects.filter(service_change=change).count() == 4
    activity = make.activity()
    assert activity.ref.startswith("EA-")
    assert make.response(activity).ref.startswith("YS-")


@pytest.mark.parametrize("field", ["interest", "influence"])
@pytest.mark.parametrize("value", [0, 6])
def test_interest_and_influence_are_1_to_5(make, field, value):
    with pytest.raises(ValidationError) as raised:
        make.stakeholder(**{field: value})
    assert field in raised.value.message_dict
    stakeholder = make.stakeholder()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.filter(pk=stakeholder.pk).update(**{field: value})


def test_history_never_holds_personal_data(make):
    stakeholder = make.stakeholder(contact_name="Jo Bloggs", email="jo@example.org")
    fields = {field.name for field in stakeholder.history.model._meta.fields}
    assert not fields & {"contact_name", "email", "phone", "postal_address"}


def test_a_response_needs_we_did_and_its_day_together(make, today):
    activity = make.activity()
    with pytest.raises(ValidationError):
        make.response(activity, responded_on=today)
    with pytest.raises(ValidationError):
        make.response(activity, we_did="We moved the clinic")
    assert not EngagementResponse.objects.filter(activity=activity).exists()
    assert make.response(activity, we_did="We moved the clinic", responded_on=today).responded_on == today


def test_consultation_dates_in_order(make, today):
    import datetime

    week = datetime.timedelta(weeks=1)
    with pytest.raises(ValidationError):
        make.service_change(pre_consultation_start=today, pre_consultation_end=today - week)
    with pytest.raises(ValidationError):
        make.service_change(pre_consultation_end=today + week, consultation_start=today)
    with pytest.raises(ValidationError):
        make.service_change(consultation_start=today, consultation_end=today - week)


def test_evidence_needs_its_link(make):
    test = make.service_change().four_tests.get(test=FourTestName.ENGAGEMENT)
    for kind in EvidenceKind.values:
        with pytest.raises(ValidationError):
            make.evidence(test, kind=kind, title="")
    assert not TestEvidence.objects.filter(four_test=test).exists()
    assert make.evidence(test, kind=EvidenceKind.ENGAGEMENT_RECORD, activity=make.activity()).pk


def test_the_landing_page(client, persona, llr):
    client.force_login(persona("pmo.llr"))
    page = client.get("/engagement/")
    assert page.status_code == 200
    assert "Communications and engagement" in page.content.decode()
