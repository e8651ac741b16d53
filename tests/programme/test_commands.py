"""``create_api_token`` and ``revoke_api_token``: keys that a partner's script can use (API.md, "Auth")."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from core.models import ApiToken

pytestmark = pytest.mark.django_db


def create_token(username, tenant, *extra):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("create_api_token", username, "--tenant", tenant, *extra, stdout=stdout, stderr=stderr)
    return stdout.getvalue().rstrip("\n").splitlines()[-1]


def revoke(prefix, tenant="llr"):
    """Revoke by prefix ("--" is harmless, and keeps working for keys issued before the bct_ prefix)."""
    stdout = io.StringIO()
    call_command("revoke_api_token", "--tenant", tenant, "--", prefix, stdout=stdout)
    return stdout.getvalue()


def me(key):
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize(
    ("username", "tenant"),
    [("pmo.llr", "llr"), ("viewer.north", "northshire"), ("admin", "llr"), ("admin", "northshire")],
)
def test_the_printed_key_authenticates_in_its_partnership(username, tenant):
    key = create_token(username, tenant)
    response = me(key)
    assert response.status_code == 200, response.content
    assert (response.json()["username"], response.json()["tenant"]) == (username, tenant)


def test_the_key_is_alone_on_stdout_and_stored_only_hashed():
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("create_api_token", "pmo.llr", "--tenant", "llr", stdout=stdout, stderr=stderr)
    key = stdout.getvalue().strip()
    assert len(key.split()) == 1 and len(key) >= 40
    assert key[:12] in stderr.getvalue()
    token = ApiToken.all_tenants.get(prefix=key[:12])
    assert key not in (token.key_hash, token.name)


def test_name_and_expiry_are_recorded():
    key = create_token("pmo.llr", "llr", "--name", "UHL data feed", "--expires-days", "30")
    token = ApiToken.all_tenants.get(prefix=key[:12])
    assert token.name == "UHL data feed"
    assert datetime.timedelta(days=29) < token.expires - timezone.now() <= datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("username", "tenant", "message"),
    [
        ("nobody.llr", "llr", "Unknown user 'nobody.llr'"),
        ("pmo.llr", "nowhere", "Unknown partnership 'nowhere'"),
        ("pmo.north", "llr", "not a member of 'llr'"),
        ("viewer.uhl.llr", "northshire", "not a member of 'northshire'"),
    ],
)
def test_errors_create_no_token(username, tenant, message):
    before = ApiToken.all_tenants.count()
    with pytest.raises(CommandError, match=message):
        create_token(username, tenant)
    assert ApiToken.all_tenants.count() == before


def test_a_token_expires_by_default_as_on_the_web_page():
    key = create_token("pmo.llr", "llr")
    token = ApiToken.all_tenants.get(prefix=key[:12])
    lifetime = token.expires - timezone.now()
    days = datetime.timedelta(days=1)
    assert (ApiToken.DEFAULT_DAYS - 1) * days < lifetime <= ApiToken.DEFAULT_DAYS * days


@pytest.mark.parametrize("days", ["0", "-3", str(ApiToken.MAX_DAYS + 1), "100000"])
def test_expiry_must_be_within_the_pages_limits(days):
    before = ApiToken.all_tenants.count()
    with pytest.raises(CommandError, match="expires-days"):
        create_token("pmo.llr", "llr", "--expires-days", days)
    assert ApiToken.all_tenants.count() == before


def test_a_revoked_key_answers_401():
    key = create_token("pmo.llr", "llr")
    assert me(key).status_code == 200
    assert "Revoked" in revoke(key[:12])
    assert me(key).status_code == 401
    assert ApiToken.all_tenants.get(prefix=key[:12]).revoked is not None


def test_revoking_by_the_whole_key_leaves_other_keys_working():
    key, other = create_token("pmo.llr", "llr"), create_token("pmo.llr", "llr")
    revoke(key)
    assert (me(key).status_code, me(other).status_code) == (401, 200)


def test_a_prefix_is_matched_only_in_the_named_partnership():
    key = create_token("pmo.north", "northshire")
    with pytest.raises(CommandError, match="No active token of 'llr'"):
        revoke(key[:12], "llr")
    assert me(key).status_code == 200


def test_keys_are_recognisable_and_never_start_with_a_dash(monkeypatch):
    """Even when the random part starts with "-", the key does not, so it is a safe command-line argument."""
    from core.models import access

    monkeypatch.setattr(access.secrets, "token_urlsafe", lambda nbytes: "-" + "A" * 42)
    key = create_token("pmo.llr", "llr")
    assert key.startswith("bct_-")
    revoke(key[:12])
    assert me(key).status_code == 401


@pytest.mark.parametrize(("prefix", "tenant", "message"), [
    ("zzzzzzzz", "llr", "No active token"),
    ("ab", "llr", "at least 4 characters"),
    ("abcdefgh", "nowhere", "Unknown partnership"),
])
def test_revoke_errors(prefix, tenant, message):
    with pytest.raises(CommandError, match=message):
        revoke(prefix, tenant)


def test_a_revoked_key_cannot_be_revoked_again():
    key = create_token("pmo.llr", "llr")
    revoke(key[:12])
    with pytest.raises(CommandError, match="No active token"):
        revoke(key[:12])
