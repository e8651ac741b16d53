"""Single sign-on and the rest of the portal's security: a provider that cannot be reached or answers nonsense,
two-factor authentication reported by the provider's ``amr`` claim, local passwords turned off per partnership,
and the checks on a provider's settings."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import IdentityProvider, SecurityPolicy, User
from core.tenancy import tenant_context
from tests.conftest import DEMO_PASSWORD
from tests.sso.conftest import SLUG, free_port, sign_in

pytestmark = pytest.mark.django_db


def signed_in(client):
    return client.get("/programme/").status_code == 200


# A provider that cannot be reached or whose discovery document is malformed ---------------------------------------


class FakeDiscovery(BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_issuer():
    """A local HTTP server answering every path with the body (and status) the test sets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (FakeDiscovery,), {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _answer(server, body, status=200):
    server.RequestHandlerClass.body = body if isinstance(body, bytes) else json.dumps(body).encode()
    server.RequestHandlerClass.status = status
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_an_unreachable_provider_is_a_clear_page_and_no_login(idp):
    idp.issuer = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    idp.save()
    client = Client()
    response = client.post(f"/accounts/oidc/{SLUG}/login/")
    assert response.status_code == 502
    assert "could not be reached" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("body, status", [
    (b"<html>Service unavailable</html>", 200),  # not JSON
    (b"[1, 2]", 200),  # JSON, but not an object
    ({"issuer": "ISSUER"}, 200),  # no endpoints
    ({"issuer": "https://login.example.invalid", "authorization_endpoint": "x", "token_endpoint": "x",
      "jwks_uri": "x", "userinfo_endpoint": "x"}, 200),  # another issuer's document
    (b"{}", 500),
])
def test_a_malformed_discovery_document_is_a_clear_page_and_no_login(idp, fake_issuer, body, status):
    issuer = _answer(fake_issuer, b"", status)
    if isinstance(body, dict):
        body = {key: (issuer if value == "ISSUER" else value) for key, value in body.items()}
    _answer(fake_issuer, body, status)
    idp.issuer = issuer
    idp.save()
    client = Client()
    response = client.post(f"/accounts/oidc/{SLUG}/login/")
    assert response.status_code == 502
    assert "did not answer as an OpenID Connect provider should" in response.content.decode()
    assert not signed_in(client)


def test_a_callback_whose_provider_went_away_is_a_clear_page(idp, fake_issuer):
    from tests.sso.conftest import to_callback

    client = Client()
    callback = to_callback(client, email="pmo.llr@example.nhs.uk", email_verified=True)
    idp.issuer = _answer(fake_issuer, b"not json")
    idp.save()
    response = client.get(callback)
    assert response.status_code == 502
    assert not signed_in(client)


# Two-factor authentication ----------------------------------------------------------------------------------------


def test_the_providers_mfa_claim_satisfies_two_factor(idp):
    TOTPDevice.objects.create(user=User.objects.get(username="pmo.llr"), name="phone", confirmed=True)
    client, response = sign_in(mfa=True)
    assert response.status_code == 302
    assert client.session["bct_sso"]["mfa"] is True
    assert signed_in(client)


def test_without_the_mfa_claim_a_local_authenticator_is_still_asked_for(idp):
    TOTPDevice.objects.create(user=User.objects.get(username="pmo.llr"), name="phone", confirmed=True)
    client, response = sign_in(mfa=False)
    assert response.status_code == 302
    page = client.get("/programme/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/verify/")


def test_a_policy_requiring_two_factor_is_met_by_the_providers_mfa(idp, llr):
    with tenant_context(llr):
        policy = SecurityPolicy.for_tenant(llr)
        policy.two_factor_required = True
        policy.save()
    client, _ = sign_in(mfa=True)
    assert signed_in(client)
    client, _ = sign_in(mfa=False)
    page = client.get("/programme/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/")


# Local passwords off -----------------------------------------------------------------------------------------------


@pytest.fixture
def passwords_off(llr):
    with tenant_context(llr):
        policy = SecurityPolicy.for_tenant(llr)
        policy.local_passwords_allowed = False
        policy.save()
    return policy


def test_a_partnership_can_turn_local_passwords_off(idp, passwords_off):
    client = Client()
    response = client.post("/accounts/login/", {"username": "pmo.llr", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "signs you in through your organisation" in response.content.decode()
    assert not signed_in(client)
    # The provider's sign-in still works.
    client, response = sign_in()
    assert response.status_code == 302 and signed_in(client)


def test_passwords_stay_for_a_partnership_that_keeps_them(idp):
    client = Client()
    assert client.post("/accounts/login/", {"username": "pmo.north", "password": DEMO_PASSWORD}).status_code == 302
    assert signed_in(client)


def test_a_session_not_signed_in_through_the_partnerships_provider_is_sent_to_it(idp, passwords_off):
    client = Client()
    client.force_login(User.objects.get(username="pmo.llr"))  # a session from before the policy changed
    page = client.get("/programme/")
    assert page.status_code == 403
    assert "Sign in with Test NHSmail" in page.content.decode()
    assert client.get("/api/v1/risks/").status_code == 403


def test_superusers_keep_their_password_as_break_glass(llr, passwords_off):
    client = Client()
    client.force_login(User.objects.filter(is_superuser=True, memberships__tenant=llr).first())
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    assert client.get("/programme/").status_code == 200


def test_the_pmo_turns_local_passwords_off_on_the_audit_page(llr):
    client = Client()
    client.force_login(User.objects.get(username="pmo.llr"))
    response = client.post("/audit/policy/", {"two_factor_required": "", "local_passwords_allowed": ""})
    assert response.status_code == 302
    with tenant_context(llr):
        assert SecurityPolicy.for_tenant(llr).local_passwords_allowed is False


# The provider's settings -------------------------------------------------------------------------------------------


def _provider(**fields):
    values = {"name": "Entra ID", "slug": "entra", "issuer": "https://login.microsoftonline.com/t/v2.0",
              "client_id": "abc", "secret_env": "ENTRA_SECRET", "allowed_domains": "nhs.net"}
    return IdentityProvider(**{**values, **fields})


def test_a_providers_settings_are_checked(llr):
    with tenant_context(llr):
        _provider().full_clean()
        for fields, field in [({"allowed_domains": ""}, "allowed_domains"),
                              ({"allowed_domains": "nhs.net, not a domain"}, "allowed_domains"),
                              ({"issuer": "http://login.example.com"}, "issuer"),
                              ({"secret_env": "the secret itself!"}, "secret_env")]:
            with pytest.raises(ValidationError) as error:
                _provider(**fields).full_clean()
            assert field in error.value.message_dict
        with override_settings(DEBUG=True):
            _provider(issuer="http://login.example.com").full_clean()


def test_providers_are_off_by_default_and_the_secret_comes_from_the_environment(llr, monkeypatch):
    monkeypatch.setenv("ENTRA_SECRET", "s3cret")
    provider = _provider()
    assert provider.enabled is False
    assert provider.secret == "s3cret"
    assert provider.allows("someone@NHS.NET") and not provider.allows("someone@nhs.net.evil.com")
    assert "s3cret" not in [str(getattr(provider, field.attname)) for field in IdentityProvider._meta.fields]


def test_the_admin_shows_the_redirect_uri_to_register(idp, llr):
    admin = User.objects.filter(is_superuser=True).first()
    client = Client()
    client.force_login(admin)
    session = client.session
    session["bct_tenant_id"] = llr.pk
    session.save()
    page = client.get(f"/admin/core/identityprovider/{idp.pk}/change/")
    assert page.status_code == 200
    assert f"/accounts/oidc/{SLUG}/login/callback/" in page.content.decode()


def test_sso_demo_registers_the_local_provider_in_development_only(llr):
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("sso_demo", stdout=StringIO())
    with override_settings(DEBUG=True):
        call_command("sso_demo", issuer="http://127.0.0.1:9000", stdout=StringIO())
        call_command("sso_demo", issuer="http://127.0.0.1:9000", stdout=StringIO())  # idempotent
    with tenant_context(llr):
        provider = IdentityProvider.objects.get(slug="demo-sso")
    assert provider.enabled and provider.issuer == "http://127.0.0.1:9000"
    assert provider.secret_env == "SSO_DEMO_CLIENT_SECRET"
