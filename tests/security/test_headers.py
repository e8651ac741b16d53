"""Response headers: a strict Content-Security-Policy everywhere (narrow exceptions for Swagger UI and the admin),
the other headers, and ``manage.py check --deploy`` clean under the production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from core.accounts.security import content_security_policy

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/programme/", "/risks/", "/api/v1/me/", "/healthz"])
def test_every_response_carries_the_strict_policy(client, path):
    client.login(username="pmo.llr", password="demo-pass-2026")
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["font-src"] == ["'self'"]  # fonts too come from the portal itself (issue 14)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/api/docs/", "/admin/login/"])
def test_the_third_party_uis_relax_inline_styles_only(client, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]  # never inline script, even there


def test_swagger_ui_has_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    script = client.get("/api/docs/?script=").content.decode()
    assert "SwaggerUIBundle" in script


def test_the_policy_does_not_leak_the_exceptions_to_other_paths():
    assert "'unsafe-inline'" not in content_security_policy("/administration/")
    assert "'unsafe-inline'" not in content_security_policy("/api/v1/risks/")


def test_no_inline_script_or_style_in_the_portals_templates():
    """The strict policy holds because the portal's own templates never inline script, style or handlers."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if template.parts[-2] in {"packs", "admin"}:  # the PDF templates are rendered by WeasyPrint, not browsers
            continue
        text = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", template.read_text(), flags=re.S)
        if re.search(r"<style|\sstyle=|<script(?![^>]*\bsrc=)|\son[a-z]+=|javascript:", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def production(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    environment.update({
        "DJANGO_SETTINGS_MODULE": "bct_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "portal.example.nhs.uk",
    }, **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_under_the_production_settings():
    result = production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_sends_hsts_and_secure_cookies():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, "
            "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)")
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    environment.update(DJANGO_SETTINGS_MODULE="bct_portal.settings.production", SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True", "28800", "True", "DENY",
                                     "same-origin"]
