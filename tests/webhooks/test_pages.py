"""The PMO's webhooks page (core.webhook_views): only the PMO, an http address refused outside development with a
clear error and nothing saved, off by default, and "Send again" for a dead delivery."""

import pytest

from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from core.models.webhooks import HTTPS_REQUIRED

pytestmark = pytest.mark.django_db

FORM = {"name": "Programme team channel", "kind": "teams", "url": "https://example.webhook.office.com/x",
        "secret": "", "on_pack_published": "on"}


@pytest.mark.parametrize(("username", "expected"), [("pmo.llr", 200), ("viewer.uhl.llr", 403)])
def test_only_the_pmo_sees_the_page(client, persona, username, expected):
    client.force_login(persona(username))
    assert client.get("/webhooks/").status_code == expected
    assert client.get("/webhooks/add/").status_code == expected
    linked = 'href="/webhooks/"' in client.get("/accounts/calendar/").content.decode()  # the account pages' menu
    assert linked is (expected == 200)


def test_an_http_address_is_a_clear_error_and_nothing_is_saved(client, persona, in_llr, settings):
    settings.DEBUG = False
    client.force_login(persona("pmo.llr"))
    response = client.post("/webhooks/add/", {**FORM, "url": "http://example.org/hook"})
    assert response.status_code == 400
    assert HTTPS_REQUIRED in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_new_webhook_is_off_until_turned_on(client, persona, in_llr):
    client.force_login(persona("pmo.llr"))
    response = client.post("/webhooks/add/", FORM)
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get()
    assert (hook.active, hook.on_pack_published, hook.on_report_overdue) == (False, True, False)
    assert len(hook.secret) > 30
    page = client.get("/webhooks/").content.decode()
    assert "example.webhook.office.com" in page and "/x" not in page.split("Posts to")[1]  # the host, not the path


def test_a_dead_delivery_is_listed_and_sent_again(client, persona, in_llr, django_capture_on_commit_callbacks):
    hook = WebhookEndpoint.objects.create(name="Down", kind="generic", url="https://127.0.0.1:9/never")
    dead = WebhookDelivery.objects.create(endpoint=hook, event="pack_published", key="pack-1",
                                          message={"title": "Board pack published", "text": "", "link": "",
                                                   "facts": []},
                                          status=DeliveryStatus.DEAD, attempts=6,
                                          last_error="The receiver answered 503.")
    client.force_login(persona("pmo.llr"))
    page = client.get("/webhooks/").content.decode()
    assert "Board pack published" in page and "The receiver answered 503." in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/webhooks/deliveries/{dead.pk}/send-again/")
    assert response.status_code == 302 and len(callbacks) == 1
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.PENDING
    assert client.post(f"/webhooks/deliveries/{dead.pk}/send-again/").status_code == 302  # not dead: a message
    client.force_login(persona("viewer.uhl.llr"))
    assert client.post(f"/webhooks/deliveries/{dead.pk}/send-again/").status_code == 403
