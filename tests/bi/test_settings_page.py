"""The PMO's switch for the reporting exchange (/audit/reporting-exchange/): off by default, changed with a reason,
kept in history and the audit trail; refused to whoever may not."""

import pytest
from django.test import Client

from core.models import AuditEvent, AuditKind, FeedSettings, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

PAGE = "/audit/reporting-exchange/"


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_pmo_turns_it_on_with_a_reason(llr):
    client = signed_in("pmo.llr")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b"http://testserver/api/v1/feeds/" in page.content and b'name="enabled"' in page.content
    refused = client.post(PAGE, {"enabled": "on", "reason": ""})
    assert refused.status_code == 400
    with tenant_context(llr):
        assert not FeedSettings.objects.exists()
    saved = client.post(PAGE, {"enabled": "on", "reason": "The ICB's BI team builds the board's Power BI report"})
    assert saved.status_code == 302
    with tenant_context(llr):
        settings = FeedSettings.objects.get()
        assert settings.enabled
        assert settings.history.first().history_change_reason.startswith("The ICB's BI team")
        assert AuditEvent.objects.filter(kind=AuditKind.POLICY_CHANGED, detail="reporting exchange: on").exists()
    assert b"Reporting exchange" in client.get("/audit/").content  # in the account navigation


def test_whoever_may_not_is_refused_and_nothing_changes(llr):
    response = signed_in("viewer.uhl.llr").post(PAGE, {"enabled": "on", "reason": "Let me in"})
    assert response.status_code == 403
    with tenant_context(llr):
        assert not FeedSettings.objects.exists()
