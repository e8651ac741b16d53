"""Outgoing webhooks against a local receiver (core.webhooks; README "Connecting to your organisation"): the
signature, the payload of each kind, retries with backoff into the dead-letter list and sending again, and https."""

import json

import pytest
from django.core.exceptions import ValidationError

from core import webhooks
from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from core.models.webhooks import HTTPS_REQUIRED
from core.webhooks import Message

pytestmark = pytest.mark.django_db

MESSAGE = Message(title="Board pack published: Delivery Board", text="Ready.", link="/meetings/1/",
                  facts=(("Board", "Delivery Board"), ("Version", 2)))


def announce(capture, event=WebhookEvent.PACK_PUBLISHED, key="pack-1", message=MESSAGE):
    with capture(execute=True):
        return webhooks.announce(event, key, message)


def test_a_generic_post_is_signed_and_the_signature_checks(endpoint, receiver, django_capture_on_commit_callbacks):
    hook = endpoint()
    [delivery] = announce(django_capture_on_commit_callbacks)
    [(path, headers, body)] = receiver.requests
    assert path == "/hook"
    assert headers["X-BCT-Event"] == "pack_published"
    assert webhooks.verify(hook.secret, headers["X-BCT-Timestamp"], body, headers["X-BCT-Signature"])
    assert not webhooks.verify("another secret", headers["X-BCT-Timestamp"], body, headers["X-BCT-Signature"])
    assert not webhooks.verify(hook.secret, headers["X-BCT-Timestamp"], body + b" ", headers["X-BCT-Signature"])
    assert not webhooks.verify(hook.secret, int(headers["X-BCT-Timestamp"]) - 3600, body,
                               headers["X-BCT-Signature"])  # an old signature is a replay
    sent = json.loads(body)
    assert sent["event"] == "pack_published" and sent["partnership"] == "llr"
    assert sent["link"] == "http://127.0.0.1:8000/meetings/1/"
    assert sent["facts"] == {"Board": "Delivery Board", "Version": "2"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)


def test_teams_gets_an_adaptive_card_and_slack_blocks_unsigned(endpoint, receiver,
                                                               django_capture_on_commit_callbacks):
    endpoint("teams")
    endpoint("slack")
    announce(django_capture_on_commit_callbacks)
    bodies = {json.loads(body).get("type", "slack"): (headers, json.loads(body))
              for _, headers, body in receiver.requests}
    headers, teams = bodies["message"]
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert card["content"]["body"][0]["text"] == MESSAGE.title
    assert card["content"]["actions"][0]["url"] == "http://127.0.0.1:8000/meetings/1/"
    assert "X-BCT-Signature" not in headers
    headers, slack = bodies["slack"]
    assert slack["text"] == MESSAGE.title
    assert "*Board:* Delivery Board" in slack["blocks"][0]["text"]["text"]
    assert "X-BCT-Signature" not in headers


def test_an_event_is_posted_once_per_endpoint_and_only_where_chosen_and_on(endpoint, receiver,
                                                                           django_capture_on_commit_callbacks):
    endpoint("generic")
    endpoint("teams", active=False)
    endpoint("slack", on_pack_published=False)
    announce(django_capture_on_commit_callbacks)
    assert announce(django_capture_on_commit_callbacks) == []  # the same key again
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.count() == 1


def test_5xx_is_retried_then_dead_lettered_and_sends_again(endpoint, receiver, django_capture_on_commit_callbacks):
    endpoint()
    receiver.status = 503
    [delivery] = announce(django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 3  # the first post and WEBHOOK_RETRIES (2) retries
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DEAD, 3, 503)
    assert "503" in delivery.last_error
    assert list(webhooks.dead_letters()) == [delivery]
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.resend(delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)  # counted afresh
    assert len(receiver.requests) == 4
    assert list(webhooks.dead_letters()) == []
    with pytest.raises(webhooks.WrongState):  # a delivered event is not posted twice
        webhooks.resend(delivery)


def test_backoff_doubles_up_to_ten_minutes(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 30
    assert [webhooks.backoff(retry) for retry in (0, 1, 2, 3, 10)] == [30, 60, 120, 240, 600]


def test_an_http_address_is_refused_outside_development(in_llr, settings):
    settings.DEBUG = False
    hook = WebhookEndpoint(name="plain", kind="generic", url="http://hooks.example.org/x")
    with pytest.raises(ValidationError) as refused:
        hook.full_clean(exclude=["tenant"])
    assert refused.value.message_dict["url"] == [HTTPS_REQUIRED]
    WebhookEndpoint(name="tls", kind="generic", url="https://hooks.example.org/x").full_clean(exclude=["tenant"])


def test_an_http_address_saved_around_the_form_is_never_posted(endpoint, receiver, settings,
                                                                django_capture_on_commit_callbacks):
    endpoint()
    settings.DEBUG = False
    [delivery] = announce(django_capture_on_commit_callbacks)
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.last_error == HTTPS_REQUIRED


def test_an_unreachable_receiver_is_a_logged_failure(endpoint, receiver, django_capture_on_commit_callbacks):
    from tests.packs.helpers import closed_port

    endpoint(url=f"http://127.0.0.1:{closed_port()}/hook")
    [delivery] = announce(django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert delivery.last_error.startswith("Could not reach 127.0.0.1")


def test_a_failure_is_sent_again_after_the_backoff(endpoint, receiver, monkeypatch):
    endpoint()
    receiver.status = 500
    [delivery] = webhooks.announce(WebhookEvent.PACK_PUBLISHED, "pack-9", MESSAGE)  # not committed: not sent yet
    sent = []
    monkeypatch.setattr(webhooks.dispatch, "publish", lambda task, args, **options: sent.append((args, options)))
    assert webhooks.deliver(delivery.pk) == "retrying"
    assert sent == [([delivery.pk], {"countdown": webhooks.backoff(0)})]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
