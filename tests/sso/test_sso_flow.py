"""Single sign-on against a real OpenID Connect provider run locally (tests/sso/conftest.py): a member is signed in
by their verified email and nothing else; every other answer is a clear page, never a 500 and never a login."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from core.models import AuditEvent, AuditKind, User
from core.tenancy import tenant_context
from tests.sso.conftest import SLUG, sign_in, to_callback

pytestmark = pytest.mark.django_db


def signed_in(client):
    """Whether the client's session is a signed-in one (a portal page answers 200, not a redirect to log in)."""
    return client.get("/programme/").status_code == 200


def refusals(llr):
    with tenant_context(llr):
        return list(AuditEvent.objects.filter(kind=AuditKind.SSO_REFUSED).values_list("detail", flat=True))


def test_a_member_signs_in_with_their_verified_email(idp, llr):
    users = User.objects.count()
    client, response = sign_in()
    assert response.status_code == 302 and response["Location"] == "/my-work/"
    assert signed_in(client)
    assert client.session["bct_tenant_id"] == llr.pk
    assert client.session["_auth_user_id"] == str(User.objects.get(username="pmo.llr").pk)
    # Matched, never created or linked: no new user, nothing in allauth's tables.
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()
    with tenant_context(llr):
        event = AuditEvent.objects.get(kind=AuditKind.SSO_LOGIN)
    assert event.username == "pmo.llr" and "provider test-idp" in event.detail


def test_the_login_page_offers_enabled_providers_only(idp):
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with Test NHSmail" in page and f"/accounts/oidc/{SLUG}/login/" in page
    # The sign-in starts with the page's POST (and its CSRF token); a bookmarked GET goes back to the login page.
    assert Client().get(f"/accounts/oidc/{SLUG}/login/")["Location"] == "/accounts/login/"
    idp.enabled = False
    idp.save()
    assert "Sign in with Test NHSmail" not in Client().get("/accounts/login/").content.decode()
    assert Client().post(f"/accounts/oidc/{SLUG}/login/").status_code == 404


@pytest.mark.parametrize("email, verified, message, reason", [
    ("pmo.llr@example.nhs.uk", False, "has not verified the email address", "email not verified"),
    ("pmo.llr@gmail.com", True, "is not open to addresses like pmo.llr@gmail.com", "email domain not allowed"),
    ("nobody@example.nhs.uk", True, "no portal account for nobody@example.nhs.uk", "no member has this email"),
    # A member of another partnership only: Northshire's PMO is no member of LLR, whose provider this is.
    ("pmo.north@example.nhs.uk", True, "no portal account", "no member has this email"),
])
def test_a_sign_in_that_names_no_member_is_refused_clearly(idp, llr, email, verified, message, reason):
    users = User.objects.count()
    client, response = sign_in(email=email, email_verified=verified)
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not signed_in(client)
    assert User.objects.count() == users
    assert any(reason in detail for detail in refusals(llr))


@pytest.mark.parametrize("client_id", ["bct-portal-wrong-aud", "bct-portal-expired", "bct-portal-bad-sig"])
def test_an_id_token_that_fails_its_checks_signs_nobody_in(idp, llr, client_id):
    idp.client_id = client_id
    idp.save()
    client, response = sign_in()
    assert response.status_code == 403
    assert "could not be verified" in response.content.decode()
    assert not signed_in(client)
    assert any("ID token refused" in detail for detail in refusals(llr))


def test_the_untampered_client_is_accepted_so_the_tampering_is_what_is_refused(idp):
    # The same provider and flow as the three refusals above, with the one honest client.
    client, response = sign_in()
    assert response.status_code == 302 and signed_in(client)


def test_a_replayed_state_is_refused(idp, llr):
    client = Client()
    callback = to_callback(client, email="pmo.llr@example.nhs.uk", email_verified=True)
    assert client.get(callback).status_code == 302
    client.post("/accounts/logout/")
    assert not signed_in(client)
    replay = client.get(callback)
    assert replay.status_code == 403
    assert "already been used or has expired" in replay.content.decode()
    assert not signed_in(client)
    # A callback in a session that never started a sign-in is refused the same way.
    stranger = Client()
    assert stranger.get(callback).status_code == 403 and not signed_in(stranger)


def test_logout_ends_the_provider_session(idp, oidc_issuer):
    client, _ = sign_in()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{oidc_issuer}/session/end?")
    assert "id_token_hint=" in location and "client_id=bct-portal" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F" in location
    assert not signed_in(client)


def test_a_password_login_logs_out_locally_only():
    client = Client()
    client.force_login(User.objects.get(username="pmo.llr"))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
