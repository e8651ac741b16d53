"""A restricted risk: ``has_perm("risks.view_risk", risk)`` and the register's queryset agree, per persona."""

import pytest

from risks.choices import Level
from risks.models import Risk

pytestmark = pytest.mark.django_db

PERSONAS = ["pmo.llr", "director.llr", "sro.llr", "delivery.llr", "sro.urgentcare.llr", "lead.urgentcare.llr",
            "pm.poa.llr", "viewer.uhl.llr", "ig.llr"]


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("level", [Level.PROJECT, Level.PROGRAMME])
def test_permission_check_matches_the_register(make_risk, poa, persona, username, level):
    extra = {"project": poa} if level == Level.PROJECT else {}
    risk = make_risk(title="Sensitive", level=level, restricted=True, **extra)
    user = persona(username)
    listed = Risk.objects.visible_to(user).filter(pk=risk.pk).exists()
    assert user.has_perm("risks.view_risk", risk) == listed


def test_a_partner_viewer_cannot_see_a_restricted_risk_but_its_project_manager_can(make_risk, poa, persona):
    risk = make_risk(title="Sensitive", level=Level.PROJECT, project=poa, restricted=True)
    assert not persona("viewer.uhl.llr").has_perm("risks.view_risk", risk)
    assert persona("pm.poa.llr").has_perm("risks.view_risk", risk)
