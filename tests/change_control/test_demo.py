"""The demo change requests (API.md "Demo data"): the ICRS change of seed 004 s2.2, one awaiting each
authority, one deferred and resubmitted; Northshire's one; and loading twice changes nothing."""

import pytest
from django.utils import timezone

from change_control import demo
from change_control.models import ChangeRequest
from core.models import Notification
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_the_icrs_change_was_decided_and_implemented(in_llr):
    icrs = ChangeRequest.objects.get(title=demo.ICRS_TITLE)
    assert (icrs.status, icrs.decision) == ("implemented", "approve")
    assert icrs.project.name == "Integrating LLR Points of Access" and icrs.workstream.name == "Urgent Care"
    assert str(icrs.cost_impact) == "111231.95" and icrs.authority == "programme_director"
    assert (icrs.originator.username, icrs.assessed_by.username, icrs.decided_by.username) == (
        "pm.poa.llr", "pmo.llr", "director.llr")
    # The FBC's timeline (11 January to 1 March 2016), moved by the demo's calendar into the past.
    assert (icrs.implemented_at - icrs.created).days == 50 and icrs.implemented_at < timezone.now()
    assert "eight" in icrs.description


def test_one_awaits_each_authority(in_llr):
    awaiting = ChangeRequest.objects.filter(status="proposed")
    assert {cr.authority for cr in awaiting} == {"workstream_sro", "programme_director", "delivery_board"}
    sro = awaiting.get(authority="workstream_sro")
    assert sro.workstream.name == "Urgent Care"
    assert Notification.objects.filter(recipient__username="sro.urgentcare.llr", target_id=sro.pk,
                                       kind="change_control.awaiting_decision").exists()


def test_one_was_deferred_and_resubmitted(in_llr):
    deferred = ChangeRequest.objects.get(decision="defer")
    assert deferred.later_version is not None
    assert (deferred.later_version.version, deferred.later_version.status) == (2, "logged")


def test_northshire_has_one(in_northshire):
    assert ChangeRequest.objects.count() == 1


def test_demo_notifications_are_in_inboxes_but_never_emailed(llr):
    with tenant_context(llr):
        assert Notification.objects.filter(kind__startswith="change_control.").exists()
        assert not Notification.objects.filter(emailed_at__isnull=True, kind__startswith="change_control.").exists()


def test_loading_again_changes_nothing(llr, northshire, mailoutbox):
    before = ChangeRequest.all_tenants.count(), Notification.all_tenants.count()
    for tenant in (llr, northshire):
        with tenant_context(tenant):
            demo.load(tenant)
    assert (ChangeRequest.all_tenants.count(), Notification.all_tenants.count()) == before
    assert mailoutbox == []
