"""Outgoing webhooks: a partnership's events posted to Teams, Slack or any JSON receiver (issue 22; README
"Connecting to your organisation", SECURITY.md "What leaves the portal").

The apps announce what happened through ``core.signals`` (a pack published, a board's decision, a risk put on a
Board Assurance Framework, a highlight report overdue); ``core.webhook_events`` turns each into a neutral
``Message`` and calls ``announce``, which writes one ``WebhookDelivery`` per active endpoint that chose the event
and sends the thin task ``core.tasks.deliver_webhook`` once the transaction commits (``core.dispatch``: a broker
that is down never fails the change). The task posts with ``attempt``; a failure (a refused connection, a
timeout, any answer but 2xx) is sent again with exponential backoff (``deliver``), ``WEBHOOK_RETRIES`` times,
then the delivery is ``dead``: the PMO's page lists it and ``resend`` posts it again.

- **Payloads** (``payload``): Teams gets an Adaptive Card in a message (what both Teams workflows, "When a Teams
  webhook request is received", and the older incoming webhooks read); Slack gets ``text`` with Block Kit
  sections; generic receivers get the plain JSON below, signed.
- **Signature** (generic): header ``X-BCT-Signature: sha256=<hex>`` where hex is the HMAC-SHA256, keyed with the
  endpoint's secret, of ``<timestamp>.<body>``, and ``X-BCT-Timestamp`` the Unix time it was signed (a receiver
  refuses one older than a few minutes: no replays). ``verify`` is the receiver's check.
- **What is said**: titles, dates, references, the board's name and the names of people (who published or
  decided); never an email address, a username or anything of a restricted item but its reference.
- **https only**: an endpoint's address must be https outside ``DEBUG`` (the model's validator; checked again
  before each post, so a row edited around the form is refused too, and dead at once).
"""

import dataclasses
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import dispatch
from core.exceptions import WrongState
from core.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookKind
from core.models.webhooks import validate_webhook_url
from core.tenancy import NoActiveTenant, get_current_tenant

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-BCT-Signature"
TIMESTAMP_HEADER = "X-BCT-Timestamp"
EVENT_HEADER = "X-BCT-Event"
DELIVERY_HEADER = "X-BCT-Delivery"
USER_AGENT = "BCT-Portal-Webhooks/1"
BACKOFF_MAX = 600  # like every retry countdown of the portal (README "Configuration", Celery)
TOLERANCE = 300  # seconds a receiver should accept a signature's timestamp (``verify``)
ERROR_LENGTH = WebhookDelivery._meta.get_field("last_error").max_length


class DeliveryFailed(Exception):
    """A post that did not succeed: the receiver answered ``status`` (None: it could not be reached)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


@dataclasses.dataclass(frozen=True)
class Message:
    """What an event says, the same for every kind of endpoint. ``link`` a portal path or full URL; ``facts``
    (label, value) pairs. Names of people only: no email addresses, usernames or restricted content."""

    title: str
    text: str = ""
    link: str = ""
    facts: tuple = ()


def retries():
    return getattr(settings, "WEBHOOK_RETRIES", 5)


def backoff(retry):
    """Seconds before retry number ``retry`` (0-based): 30 s, 1, 2, 4, 8 minutes, then 10 (``BACKOFF_MAX``, under
    the broker's visibility timeout, so a waiting retry is not delivered twice)."""
    base = getattr(settings, "WEBHOOK_BACKOFF_SECONDS", 30)
    return min(BACKOFF_MAX, base * 2 ** retry)


def _absolute(link):
    if not link or "://" in link:
        return link or ""
    return f"{getattr(settings, 'PORTAL_BASE_URL', '').rstrip('/')}{link}"


def announce(event, key, message):
    """Post ``message`` about ``event`` to every active endpoint of the active partnership that chose it, once per
    endpoint and ``key``. Call inside the transaction that made the change. Returns the new deliveries."""
    tenant = get_current_tenant()
    if tenant is None:
        raise NoActiveTenant("announce() needs the partnership active (tenant_context).")
    event = WebhookEvent(event)
    endpoints = WebhookEndpoint.objects.filter(active=True, **{WebhookEndpoint.field_for(event): True})
    stored = {"title": message.title, "text": message.text, "link": _absolute(message.link),
              "facts": [[str(label), str(value)] for label, value in message.facts]}
    created = []
    for endpoint in endpoints:
        delivery, new = WebhookDelivery.objects.get_or_create(endpoint=endpoint, key=key[:120],
                                                              defaults={"event": event, "message": stored})
        if new:
            created.append(delivery)
    from core.tasks import deliver_webhook

    for delivery in created:
        dispatch.enqueue_on_commit(deliver_webhook, delivery.pk)
    return created


# Payloads ------------------------------------------------------------------------------------------------

def payload(delivery):
    """The JSON-ready body posted for ``delivery``, shaped for its endpoint's kind."""
    message, kind = delivery.message, delivery.endpoint.kind
    if kind == WebhookKind.TEAMS:
        return _teams(message)
    if kind == WebhookKind.SLACK:
        return _slack(message)
    return {
        "id": str(delivery.pk), "event": delivery.event, "key": delivery.key,
        "partnership": delivery.tenant.slug, "occurred_at": delivery.created.isoformat(),
        "title": message["title"], "text": message["text"], "link": message["link"],
        "facts": {label: value for label, value in message["facts"]},
    }


def _teams(message):
    body = [{"type": "TextBlock", "text": message["title"], "weight": "Bolder", "size": "Medium", "wrap": True}]
    if message["text"]:
        body.append({"type": "TextBlock", "text": message["text"], "wrap": True})
    if message["facts"]:
        body.append({"type": "FactSet", "facts": [{"title": label, "value": value}
                                                  for label, value in message["facts"]]})
    card = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4", "body": body}
    if message["link"]:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open in the portal", "url": message["link"]}]
    return {"type": "message", "attachments": [
        {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}]}


def _slack_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack(message):
    title = _slack_escape(message["title"])
    lines = [f"*{title}*"]
    if message["text"]:
        lines.append(_slack_escape(message["text"]))
    lines += [f"*{_slack_escape(label)}:* {_slack_escape(value)}" for label, value in message["facts"]]
    if message["link"]:
        lines.append(f"<{message['link']}|Open in the portal>")
    return {"text": message["title"],
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]}


def sign(secret, timestamp, body):
    """``sha256=<hex>``: HMAC-SHA256 of ``<timestamp>.<body>`` keyed with ``secret``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret, timestamp, body, signature, now=None, tolerance=TOLERANCE):
    """A receiver's check: True when ``signature`` is ``body``'s, signed within ``tolerance`` seconds of now."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def request_for(delivery, now=None):
    """The ``urllib`` request that posts ``delivery`` (headers signed for a generic endpoint)."""
    endpoint = delivery.endpoint
    body = json.dumps(payload(delivery), separators=(",", ":"), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
               EVENT_HEADER: delivery.event, DELIVERY_HEADER: str(delivery.pk)}
    if endpoint.kind == WebhookKind.GENERIC:
        timestamp = str(int(now or time.time()))
        headers[TIMESTAMP_HEADER] = timestamp
        headers[SIGNATURE_HEADER] = sign(endpoint.secret, timestamp, body)
    return urllib.request.Request(endpoint.url, data=body, headers=headers, method="POST")


def post(delivery):
    """Post ``delivery`` once; returns the HTTP status, or raises ``DeliveryFailed``."""
    try:
        validate_webhook_url(delivery.endpoint.url)
    except ValidationError as exc:
        raise DeliveryFailed(" ".join(exc.messages)) from exc
    timeout = getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10)
    try:
        with urllib.request.urlopen(request_for(delivery), timeout=timeout) as response:  # noqa: S310 - http(s) only
            return response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"The receiver answered {exc.code} {exc.reason}.", status=exc.code) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"Could not reach {delivery.endpoint.host}: {reason}.") from exc


def attempt(delivery_id):
    """Post one pending delivery now and record the outcome. Returns True when delivered (or already was), False
    when it failed and may be tried again (the task's retry), None when there is nothing to send."""
    delivery = (WebhookDelivery.all_tenants.select_related("endpoint", "tenant").filter(pk=delivery_id).first())
    if delivery is None or delivery.status == DeliveryStatus.DEAD:
        return None
    if delivery.status == DeliveryStatus.DELIVERED:
        return True
    now = timezone.now()
    try:
        status = post(delivery)
    except DeliveryFailed as exc:
        logger.warning("Webhook delivery %s (%s to %s) failed: %s", delivery.pk, delivery.event,
                       delivery.endpoint.host, exc)
        WebhookDelivery.all_tenants.filter(pk=delivery.pk).update(
            attempts=delivery.attempts + 1, last_attempt_at=now, last_status_code=exc.status,
            last_error=str(exc)[:ERROR_LENGTH])
        return False
    WebhookDelivery.all_tenants.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERED, attempts=delivery.attempts + 1, last_attempt_at=now, delivered_at=now,
        last_status_code=status, last_error="")
    return True


def deliver(delivery_id):
    """The task's work: post the delivery; on a failure, send the task again after ``backoff`` (the retry count is
    the delivery's own ``attempts``, so it holds across workers, restarts and eager runs), and after
    ``WEBHOOK_RETRIES`` retries give it up. Returns "delivered", "retrying", "dead" or "nothing to send"."""
    outcome = attempt(delivery_id)
    if outcome is None:
        return "nothing to send"
    if outcome:
        return "delivered"
    attempts = WebhookDelivery.all_tenants.filter(pk=delivery_id).values_list("attempts", flat=True).first() or 0
    if attempts > retries():
        give_up(delivery_id)
        return "dead"
    from core.tasks import deliver_webhook

    failure = dispatch.publish(deliver_webhook, [delivery_id], countdown=backoff(attempts - 1))
    if failure is not None:  # the broker is down: kept, and sent again by the schedule (core.dispatch)
        dispatch.keep(deliver_webhook.name, [delivery_id], error=f"{type(failure).__name__}: {failure}")
    return "retrying"


def give_up(delivery_id):
    """The last retry failed: the delivery joins the dead-letter list (the PMO's page) until sent again."""
    logger.error("Webhook delivery %s was given up after its retries; the PMO can send it again.", delivery_id)
    WebhookDelivery.all_tenants.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.DEAD)


def dead_letters():
    """The active partnership's deliveries that were given up, newest first (a queryset)."""
    return WebhookDelivery.objects.filter(status=DeliveryStatus.DEAD).select_related("endpoint")


def resend(delivery):
    """Send a dead delivery again, with a fresh set of retries (the PMO's "Send again"). Only a dead one: a
    delivered event is not posted twice (``WrongState``, a 409)."""
    from core.tasks import deliver_webhook

    with transaction.atomic():
        updated = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.DEAD).update(
            status=DeliveryStatus.PENDING, attempts=0, last_error="")
        if not updated:
            raise WrongState("Only a delivery that failed can be sent again.")
        dispatch.enqueue_on_commit(deliver_webhook, delivery.pk)
    delivery.refresh_from_db()
    return delivery

