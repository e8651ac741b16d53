"""A real OpenID Connect provider for the single sign-on tests: the npm oidc-provider package, run by
scripts/oidc_provider.mjs on a free port of 127.0.0.1, started once per test session and stopped after it."""

import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.conf import settings
from django.test import Client

from core.models import IdentityProvider, Partnership
from core.tenancy import tenant_context

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "oidc_provider.mjs"
SLUG = "test-idp"
CALLBACK = f"http://testserver/accounts/oidc/{SLUG}/login/callback/"
SECRET = "bct-portal-test-secret"
SECRET_ENV = "BCT_TEST_IDP_SECRET"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_provider(port, timeout=20):
    """Start the provider and wait until its discovery document answers; returns (process, issuer)."""
    process = subprocess.Popen(
        ["node", str(SCRIPT), "--port", str(port), "--redirect-uri", CALLBACK, "--client-secret", SECRET,
         "--post-logout-redirect-uri", "http://testserver/accounts/login/"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=settings.BASE_DIR,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test OpenID provider stopped: {process.stdout.read()}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return process, issuer
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the test OpenID provider did not start in time")


@pytest.fixture(scope="session")
def oidc_issuer():
    process, issuer = start_provider(free_port())
    try:
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def idp(db, oidc_issuer, monkeypatch):
    """An enabled provider of the LLR partnership for example.nhs.uk (the demo's email domain)."""
    monkeypatch.setenv(SECRET_ENV, SECRET)
    llr = Partnership.objects.get(slug="llr")
    with tenant_context(llr):
        return IdentityProvider.objects.create(
            name="Test NHSmail", slug=SLUG, issuer=oidc_issuer, client_id="bct-portal", secret_env=SECRET_ENV,
            allowed_domains="example.nhs.uk\nnhs.net", enabled=True)


def to_callback(client, slug=SLUG, **form):
    """Start the sign-in at the portal, sign in at the provider with ``form`` (email, email_verified, mfa), and
    return the portal's callback path with the provider's answer (code and state), not yet followed."""
    response = client.post(f"/accounts/oidc/{slug}/login/")
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    browser = requests.Session()
    for _ in range(10):
        if location.startswith("http://testserver/"):
            parts = urlsplit(location)
            return f"{parts.path}?{parts.query}"
        answer = browser.get(location, allow_redirects=False, timeout=5)
        if answer.status_code == 200 and "/interaction/" in answer.url:
            action = re.search(r'action="([^"]+)"', answer.text).group(1)
            data = {"email": form.get("email", ""), **{k: "true" for k in ("email_verified", "mfa") if form.get(k)}}
            answer = browser.post(urljoin(answer.url, action), data=data, allow_redirects=False, timeout=5)
        assert answer.status_code in (302, 303), (answer.status_code, answer.text[:500])
        location = urljoin(answer.url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back to the portal")


def sign_in(client=None, email="pmo.llr@example.nhs.uk", email_verified=True, mfa=False, slug=SLUG):
    """The whole round trip; returns (client, the portal's answer to the callback)."""
    client = client or Client()
    callback = to_callback(client, slug, email=email, email_verified=email_verified, mfa=mfa)
    return client, client.get(callback)
