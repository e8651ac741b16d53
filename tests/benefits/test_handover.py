"""The handover the benefits register registers for the lifecycle app (``core.registry``, PID s3.6): a closing
workstream or project hands its live, not yet embedded benefits to a new owner, recorded in their history."""

import pytest

from benefits.choices import RealisationStage
from benefits.models import Benefit
from core import registry
from core.models import User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover():
    (found,) = [handover for handover in registry.handovers() if handover.key == "benefits.benefits"]
    return found


def test_the_benefits_a_closing_project_or_workstream_hands_over(handover, make_benefit, poa, llr):
    held = make_benefit(title="Held by the project", projects=[poa])
    embedded = make_benefit(title="Embedded", projects=[poa], stage=RealisationStage.EMBEDDED)
    archived = make_benefit(title="Archived", projects=[poa], archived=True)
    of_workstream = make_benefit(title="The workstream's", workstream=poa.workstream)
    with tenant_context(llr):
        for_project = handover.items(poa)
        for_workstream = handover.items(poa.workstream)
        expected = list(Benefit.objects.filter(scope_project=poa, archived=False)
                        .exclude(stage=RealisationStage.EMBEDDED).order_by("pk"))
    assert for_project == expected and held in for_project
    assert embedded not in for_project and archived not in for_project and of_workstream not in for_project
    assert of_workstream in for_workstream and held in for_workstream  # a workstream hands over its projects' too
    assert [b.pk for b in for_workstream] == sorted(b.pk for b in for_workstream)


def test_find_reads_only_the_active_partnership(handover, make_benefit, llr, northshire):
    ours = make_benefit(title="Ours")
    theirs = make_benefit(tenant=northshire, title="Theirs")
    with tenant_context(llr):
        assert handover.find(ours.pk) == ours and handover.find(str(ours.pk)) == ours
        assert handover.find(theirs.pk) is None and handover.find("nonsense") is None


def test_hand_over_records_the_new_owner_with_who_and_why(handover, make_benefit, llr):
    benefit = make_benefit(title="Handed")
    with tenant_context(llr):
        owner = User.objects.exclude(pk=benefit.owner_id).filter(memberships__tenant=llr).order_by("username").first()
        actor = User.objects.get(username="director.llr")
        reason = "Handed over to a new owner on closing a project with a rather long name " * 3
        handover.hand_over(benefit, owner, actor, reason)
        saved = Benefit.objects.get(pk=benefit.pk)
        record = saved.history.first()
    assert saved.owner == owner
    # the reason is cut to its 100-character column with an ellipsis (core.history.fit_reason)
    assert (record.history_user, record.history_change_reason) == (actor, reason[:99].rstrip() + "…")
