"""Proposing a move tells whoever may accept it (the receiving level's accountable role), never the proposer
nor anyone outside the partnership; the decision clears the item from everyone's "awaits your decision"."""

import pytest

from core.models import Notification, User
from core.tenancy import tenant_context
from risks import services, workflows
from risks.choices import Level
from risks.services import MOVE_AWAITING

pytestmark = pytest.mark.django_db


def awaiting(move):
    rows = Notification.objects.filter(kind=MOVE_AWAITING, target_id=move.pk)
    return {row.recipient.username: row for row in rows.select_related("recipient")}


def test_an_escalation_tells_the_receiving_level_not_the_proposer(make_risk, poa, persona, llr, northshire):
    risk = make_risk(title="Told upwards", level=Level.PROJECT, project=poa)
    with tenant_context(llr):
        move = services.escalate(risk, persona("pm.poa.llr"), "Beyond the project's control")
        told = awaiting(move)
        perm = workflows.for_move(move)["accept"].perm
        assert "sro.urgentcare.llr" in told  # the Urgent Care workstream's SRO accepts onto its register
        assert "pm.poa.llr" not in told and "viewer.uhl.llr" not in told
        assert all(persona(name).has_perm(perm, move) for name in told)
        assert all(row.awaits_decision for row in told.values())
        assert "Beyond the project's control" in told["sro.urgentcare.llr"].body
    assert set(told) <= set(User.objects.filter(memberships__tenant=llr).values_list("username", flat=True))
    with tenant_context(northshire):
        assert not Notification.objects.filter(kind=MOVE_AWAITING).exists()


@pytest.mark.parametrize("step", ["accept", "reject"])
def test_the_decision_clears_it_for_everyone_else(make_risk, poa, persona, llr, step):
    risk = make_risk(title="Cleared", level=Level.PROJECT, project=poa)
    other = make_risk(title="Still waiting", level=Level.PROJECT, project=poa)
    with tenant_context(llr):
        move = services.escalate(risk, persona("pm.poa.llr"), "Up")
        still = services.escalate(other, persona("pm.poa.llr"), "Up too")
        assert len(awaiting(move)) >= 1
        getattr(services, step)(risk, persona("sro.urgentcare.llr"), "Decided")
        assert awaiting(move) and not any(row.awaits_decision for row in awaiting(move).values())
        assert all(row.awaits_decision for row in awaiting(still).values())


def test_the_inbox_shows_what_still_awaits_the_user(make_risk, poa, persona, llr, client):
    risk = make_risk(title="Shown in the inbox", level=Level.PROJECT, project=poa)
    with tenant_context(llr):
        services.escalate(risk, persona("pm.poa.llr"), "Up")
    client.force_login(persona("sro.urgentcare.llr"))
    page = client.get("/programme/inbox/").content.decode()
    tag = f'Awaits your decision</strong> {risk.ref} awaits your decision'
    assert tag in page
    with tenant_context(llr):
        services.accept(risk, persona("sro.urgentcare.llr"))
    page = client.get("/programme/inbox/").content.decode()
    assert f"{risk.ref} awaits your decision" in page and tag not in page
