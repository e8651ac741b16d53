"""Authentication: lockout after repeated failures (django-axes), strong passwords, the TOTP second factor,
the partnership's two-factor policy, and the API tokens page (SECURITY.md "Authentication")."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from core.models import ApiToken, AuditEvent, AuditKind, SecurityPolicy, User
from core.tenancy import tenant_context
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def device_for(username):
    return TOTPDevice.objects.create(user=User.objects.get(username=username), name="phone", confirmed=True)


# Lockout ----------------------------------------------------------------------------------------------------


def test_a_correct_password_logs_in_and_is_audited(llr):
    client = Client()
    response = attempt(client, "pmo.llr", DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get("/programme/").status_code == 200
    with tenant_context(llr):
        assert AuditEvent.objects.filter(kind=AuditKind.LOGIN, username="pmo.llr").exists()


def test_repeated_failures_lock_the_username_out_from_that_address(llr):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "pmo.llr", "wrong-password-123").status_code == 200
    assert attempt(client, "pmo.llr", "wrong-password-123").status_code == 429
    # Locked out: even the right password is refused, with the lockout page.
    refused = attempt(client, "pmo.llr", DEMO_PASSWORD)
    assert refused.status_code == 429
    assert b"Too many attempts" in refused.content
    assert client.get("/programme/").status_code == 302
    # From another address the person can still log in: nobody locks a colleague out from elsewhere.
    assert attempt(Client(), "pmo.llr", DEMO_PASSWORD, address="10.2.2.2").status_code == 302
    with tenant_context(llr):
        kinds = list(AuditEvent.objects.filter(username="pmo.llr").values_list("kind", flat=True))
    assert kinds.count(AuditKind.LOGIN_FAILED) >= settings.AXES_FAILURE_LIMIT
    assert AuditKind.LOCKED_OUT in kinds


def test_a_failed_login_of_an_unknown_username_is_kept_with_no_partnership(llr):
    attempt(Client(), "nobody.at.all", "wrong-password-123")
    event = AuditEvent.all_tenants.get(username="nobody.at.all")
    assert event.tenant_id is None and event.kind == AuditKind.LOGIN_FAILED and event.ip_address == "10.1.1.1"
    with tenant_context(llr):
        assert not AuditEvent.objects.filter(username="nobody.at.all").exists()


def test_the_test_clients_login_still_works_with_axes_first(client):
    """axes needs the request; a request-less authenticate() (test client, commands) is passed on unthrottled."""
    assert settings.AUTHENTICATION_BACKENDS[0] == "core.accounts.security.LoginThrottleBackend"
    assert client.login(username="pmo.llr", password=DEMO_PASSWORD)
    assert client.get("/programme/").status_code == 200


def test_the_client_address_is_taken_from_trusted_proxies_only(rf, settings):
    from core.accounts.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the spoofable left-hand entry is ignored


# Passwords --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short-pw", "password1234", "123456789012", "pmo.llr.2026"])
def test_weak_passwords_are_refused(password):
    user = User(username="pmo.llr", first_name="Pat", last_name="Morgan")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    validate_password("violet-harbour-lantern-42", User(username="someone"))


# Two-factor -------------------------------------------------------------------------------------------------


def test_a_user_with_an_authenticator_must_give_the_code_after_the_password(llr):
    device = device_for("director.llr")
    client = Client()
    response = attempt(client, "director.llr", DEMO_PASSWORD)
    assert response.status_code == 302
    page = client.get("/risks/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/api/v1/me/").status_code == 403  # the API with the session waits for the code too
    wrong = client.post("/accounts/two-factor/verify/", {"token": "000000", "next": "/risks/"})
    assert wrong.status_code == 400
    # Straight after a wrong code even the right one waits (django-otp's exponential back-off) ...
    assert client.post("/accounts/two-factor/verify/", {"token": code_for(device)}).status_code == 400
    # ... until the delay has passed (here: reset, as time passing would).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    right = client.post("/accounts/two-factor/verify/", {"token": code_for(device), "next": "/risks/"})
    assert right.status_code == 302 and right["Location"] == "/risks/"
    assert client.get("/risks/").status_code == 200
    with tenant_context(llr):
        kinds = set(AuditEvent.objects.filter(username="director.llr").values_list("kind", flat=True))
    assert {AuditKind.OTP_FAILED, AuditKind.OTP_VERIFIED} <= kinds


def test_a_used_code_cannot_be_replayed(llr):
    device = device_for("director.llr")
    first, second = Client(), Client()
    attempt(first, "director.llr", DEMO_PASSWORD)
    attempt(second, "director.llr", DEMO_PASSWORD, address="10.3.3.3")
    token = code_for(device)
    assert first.post("/accounts/two-factor/verify/", {"token": token}).status_code == 302
    assert second.post("/accounts/two-factor/verify/", {"token": token}).status_code == 400


def test_the_admin_login_does_not_skip_the_second_factor(llr):
    device_for("admin")
    client = Client()
    response = client.post("/admin/login/", {"username": "admin", "password": DEMO_PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    # admin belongs to two partnerships: the partnership chooser comes first, and it waits for the code too.
    chain = client.get("/admin/", follow=True).redirect_chain
    assert chain[-1][0].startswith("/accounts/two-factor/verify/")


def test_enrolment_from_the_account_page(llr):
    client = Client()
    client.force_login(User.objects.get(username="pmo.llr"))
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"Set up two-factor authentication" in page.content
    assert client.post("/accounts/two-factor/", {"action": "start"}).status_code == 302
    pending = TOTPDevice.objects.get(user__username="pmo.llr", confirmed=False)
    shown = client.get("/accounts/two-factor/")
    assert b"<svg" in shown.content and b"QR code" in shown.content
    assert client.post("/accounts/two-factor/", {"action": "confirm", "token": "123"}).status_code == 400
    done = client.post("/accounts/two-factor/", {"action": "confirm", "token": code_for(pending)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert client.get("/programme/").status_code == 200  # this session is verified by the confirmation
    # The next login asks for a code.
    fresh = Client()
    attempt(fresh, "pmo.llr", DEMO_PASSWORD)
    assert fresh.get("/programme/")["Location"].startswith("/accounts/two-factor/verify/")
    with tenant_context(llr):
        assert AuditEvent.objects.filter(kind=AuditKind.OTP_ENROLLED, username="pmo.llr").exists()


def test_removing_needs_a_current_code(llr):
    device = device_for("pmo.llr")
    client = Client()
    attempt(client, "pmo.llr", DEMO_PASSWORD)
    client.post("/accounts/two-factor/verify/", {"token": code_for(device)})
    assert client.post("/accounts/two-factor/", {"action": "remove", "token": "999999"}).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_demo_users_need_no_second_factor_by_default(llr):
    client = Client()
    attempt(client, "partnership.llr", DEMO_PASSWORD)
    assert client.get("/programme/").status_code == 200


@pytest.mark.parametrize("username,required", [("pmo.llr", True), ("partnership.llr", True),
                                               ("director.llr", True), ("viewer.uhl.llr", False),
                                               ("pm.poa.llr", False), ("pmo.north", False)])
def test_the_partnership_can_require_two_factor_for_pmo_and_board_roles(llr, username, required):
    with tenant_context(llr):
        policy = SecurityPolicy.for_tenant(llr)
        policy.two_factor_required = True
        policy.save()
    client = Client()
    attempt(client, username, DEMO_PASSWORD)
    page = client.get("/programme/")
    if required:
        assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/?")
        assert client.get("/accounts/two-factor/").status_code == 200  # the way out stays open
    else:
        assert page.status_code == 200


def test_only_those_who_manage_information_may_change_the_policy(llr):
    viewer, pmo = Client(), Client()
    viewer.force_login(User.objects.get(username="viewer.uhl.llr"))
    pmo.force_login(User.objects.get(username="pmo.llr"))
    assert viewer.post("/audit/policy/", {"two_factor_required": "on"}).status_code == 403
    assert pmo.post("/audit/policy/", {"two_factor_required": "on"}).status_code == 302
    with tenant_context(llr):
        assert SecurityPolicy.objects.get().two_factor_required
        assert SecurityPolicy.history.count() == 1


# API tokens page --------------------------------------------------------------------------------------------


def test_a_token_is_created_shown_once_listed_used_and_revoked(llr):
    client = Client()
    client.force_login(User.objects.get(username="pm.poa.llr"))
    created = client.post("/accounts/tokens/", {"name": "Reporting script", "lifetime": "30"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    key = created.context["key"]
    assert key.startswith("bct_") and key.encode() in created.content
    with tenant_context(llr):
        token = ApiToken.objects.get(user__username="pm.poa.llr", name="Reporting script")
    assert token.expires is not None and 29 <= (token.expires - token.created).days <= 30
    listing = client.get("/accounts/tokens/")
    assert key.encode() not in listing.content  # shown once only
    assert token.prefix.encode() in listing.content and b"Never" in listing.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").json()["username"] == "pm.poa.llr"
    assert b"Never" not in client.get("/accounts/tokens/").content.split(token.prefix.encode())[1][:200]
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/v1/me/").status_code == 401
    with tenant_context(llr):
        kinds = set(AuditEvent.objects.filter(token_prefix=token.prefix).values_list("kind", flat=True))
    assert {AuditKind.TOKEN_CREATED, AuditKind.TOKEN_USED, AuditKind.TOKEN_REVOKED} <= kinds


def test_nobody_sees_or_revokes_another_persons_token(llr, northshire):
    with tenant_context(llr):
        theirs, _ = ApiToken.issue(User.objects.get(username="pmo.llr"), llr, name="PMO's")
    with tenant_context(northshire):
        foreign, _ = ApiToken.issue(User.objects.get(username="admin"), northshire, name="Northshire's")
    client = Client()
    client.force_login(User.objects.get(username="pm.poa.llr"))
    page = client.get("/accounts/tokens/")
    assert theirs.prefix.encode() not in page.content
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    admin.post("/accounts/partnership/", {"tenant": llr.pk})
    assert foreign.prefix.encode() not in admin.get("/accounts/tokens/").content
    assert admin.post(f"/accounts/tokens/{foreign.pk}/revoke/").status_code == 404
    with tenant_context(northshire):
        assert ApiToken.objects.get(pk=foreign.pk).revoked is None


def test_a_token_lifetime_must_be_one_offered(llr):
    client = Client()
    client.force_login(User.objects.get(username="pm.poa.llr"))
    assert client.post("/accounts/tokens/", {"name": "Forever", "lifetime": "100000"}).status_code == 400
