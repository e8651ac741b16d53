"""A superuser operates the deployment: it gets the admin, not the RACI matrix (issue 15, item 10).

The demo ``admin`` is a superuser and the PMO in both partnerships. Django would answer True to any permission
for a superuser, even one that does not exist; the portal asks the RACI matrix for its own permissions, for a
superuser as for everyone, and an unknown permission name raises in tests and development.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from risks.choices import Level
from risks.rules import risk_perm


def test_the_superuser_holds_only_its_roles_portal_permissions(in_llr, persona):
    from core import rules

    admin, pmo = persona("admin"), persona("pmo.llr")
    assert admin.is_superuser
    # The PMO's RACI letters do not allow closing a Partnership Board risk; being a superuser adds nothing.
    assert not pmo.has_perm(risk_perm("close", Level.PARTNERSHIP_BOARD))
    assert admin.has_perm(risk_perm("close", Level.PARTNERSHIP_BOARD)) is False
    # Both are the PMO in llr: every permission the RACI matrix governs answers the same for them.
    governed = sorted(rules._RULES)
    assert len(governed) > 50
    differ = [perm for perm in governed if admin.has_perm(perm) != pmo.has_perm(perm)]
    assert differ == []


def test_an_unknown_portal_permission_raises(in_llr, persona):
    with pytest.raises(ImproperlyConfigured, match="risks.no_such_perm"):
        persona("admin").has_perm("risks.no_such_perm")
    with pytest.raises(ImproperlyConfigured):
        persona("viewer.uhl.llr").has_perm("programme.no_such_perm")


def test_the_superuser_keeps_the_admin_and_other_packages_permissions(in_llr, persona, client):
    admin = persona("admin")
    assert admin.has_perm("otp_totp.change_totpdevice")  # another package's: the operator's
    assert not persona("pmo.llr").has_perm("otp_totp.change_totpdevice")
    client.force_login(admin)
    assert client.post("/accounts/partnership/", {"tenant": in_llr.pk}).status_code == 302
    response = client.get("/admin/programme/project/")
    assert response.status_code == 200
