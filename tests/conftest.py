"""Shared fixtures: the demo partnerships and their personas (API.md's demo users).

The demo data is loaded once per test session into the test database; each
test runs in a transaction that is rolled back. Tests that need a live server
(browser tests) are transactional, run last, and load the demo themselves.
"""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from core import rules
from core.models import ApiToken, Partnership, User
from core.tenancy import tenant_context

DEMO_PASSWORD = "demo-pass-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def llr(db):
    return Partnership.objects.get(slug="llr")


@pytest.fixture
def northshire(db):
    return Partnership.objects.get(slug="northshire")


@pytest.fixture
def in_llr(llr):
    """Run the test body with the LLR partnership active, as a request in it would."""
    with tenant_context(llr):
        yield llr


@pytest.fixture
def in_northshire(northshire):
    with tenant_context(northshire):
        yield northshire


@pytest.fixture
def persona(db):
    """A demo user by username, with a fresh permission cache."""

    def get(username):
        user = User.objects.get(username=username)
        rules.clear_access_cache(user)
        return user

    return get


@pytest.fixture
def api(db):
    """An API client authenticated with a new token for ``username`` in the user's demo tenant."""

    def client_for(username, tenant_slug=None):
        user = User.objects.get(username=username)
        slug = tenant_slug or ("northshire" if username.endswith(".north") else "llr")
        tenant = Partnership.objects.get(slug=slug)
        _, key = ApiToken.issue(user, tenant, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.user = user
        client.tenant = tenant
        return client

    return client_for


@pytest.fixture
def browser(db):
    """A browser's test client signed in as ``username``, acting in the user's demo tenant (as ``api``)."""

    def client_for(username, tenant_slug=None):
        client = Client()
        client.force_login(User.objects.get(username=username))
        slug = tenant_slug or ("northshire" if username.endswith(".north") else "llr")
        session = client.session
        session["bct_tenant_id"] = Partnership.objects.get(slug=slug).pk
        session.save()
        return client

    return client_for


@pytest.fixture
def page(live_server, monkeypatch):
    """A fresh Chromium page on the live server, with the demo loaded (see tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, OFF_SITE

    # Playwright's sync API runs an event loop in this thread; the ORM calls made here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("load_demo", verbosity=0)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.route(OFF_SITE, lambda route: route.abort())
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        try:
            yield page
        finally:
            browser.close()
