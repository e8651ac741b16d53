"""Real-browser tests: headless Debian Chromium driven by Playwright against pytest-django's live server.

Use ``pytestmark = BROWSER_TEST`` in the module and the ``page`` fixture (tests/conftest.py), then
``log_in(page, username, start)``. Transactional tests start from an empty database, so the fixture
loads the demo itself.
"""

import os
import re

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    # The machine's network is closed: without these Chromium keeps trying to reach Google's services.
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# Only the live server: the portal needs no other host (tests/test_browser_offline.py checks it asks none).
OFF_SITE = re.compile(r"^https?://(?!localhost|127\.0\.0\.1)")

BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def log_in(page, username, start="/programme/", password="demo-pass-2026"):
    """Open ``start``, get sent to the login form, and log in through it."""
    page.goto(start)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
