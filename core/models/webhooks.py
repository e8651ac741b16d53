"""Outgoing webhooks: where a partnership's events are posted (Teams, Slack, any JSON receiver) and each delivery
(the service is ``core.webhooks``; README "Connecting to your organisation")."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .base import TenantModel, tenant_history

HTTPS_REQUIRED = "Use an https:// address: events are only sent over an encrypted connection."


class WebhookKind(models.TextChoices):
    TEAMS = "teams", "Microsoft Teams (workflow or incoming webhook)"
    SLACK = "slack", "Slack (incoming webhook)"
    GENERIC = "generic", "Generic JSON (signed)"


class WebhookEvent(models.TextChoices):
    PACK_PUBLISHED = "pack_published", "A board pack is published"
    DECISION_RECORDED = "decision_recorded", "A board records a decision"
    RISK_ESCALATED = "risk_escalated", "A risk is escalated onto a Board Assurance Framework"
    REPORT_OVERDUE = "report_overdue", "A highlight report is overdue"


def new_secret():
    return secrets.token_urlsafe(32)


def validate_webhook_url(url):
    """An absolute http(s) URL with a host; https unless ``DEBUG`` (development only)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError("Enter the full address of the webhook, starting https://.", code="invalid")
    if parts.scheme != "https" and not settings.DEBUG:
        raise ValidationError(HTTPS_REQUIRED, code="https_required")


class WebhookEndpoint(TenantModel):
    """One place a partnership's chosen events are posted. Off until the PMO turns it on (``active``)."""

    name = models.CharField(max_length=100, help_text="For you: e.g. 'Programme team channel'.")
    kind = models.CharField(max_length=10, choices=WebhookKind.choices, default=WebhookKind.TEAMS)
    url = models.CharField(
        "Webhook address", max_length=1000, validators=[validate_webhook_url],
        help_text="The https:// address the channel or system gave you. Keep it private: anyone with it can post.")
    secret = models.CharField(
        max_length=100, default=new_secret, blank=True,
        help_text="Signs generic JSON payloads (HMAC-SHA256); the receiver checks the signature with it.")
    active = models.BooleanField(default=False, help_text="Events are sent only while this is ticked.")
    on_pack_published = models.BooleanField(WebhookEvent.PACK_PUBLISHED.label, default=False)
    on_decision_recorded = models.BooleanField(WebhookEvent.DECISION_RECORDED.label, default=False)
    on_risk_escalated = models.BooleanField(WebhookEvent.RISK_ESCALATED.label, default=False)
    on_report_overdue = models.BooleanField(WebhookEvent.REPORT_OVERDUE.label, default=False)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(excluded_fields=["secret"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="webhook_endpoint_name_once",
                                               violation_error_message="A webhook of that name already exists.")]

    def __str__(self):
        return self.name

    @staticmethod
    def field_for(event):
        return f"on_{WebhookEvent(event).value}"

    def wants(self, event):
        return self.active and getattr(self, self.field_for(event))

    @property
    def events(self):
        return [event for event in WebhookEvent if getattr(self, self.field_for(event))]

    @property
    def host(self):
        """The address's host only, for pages and logs (the full address is a credential)."""
        return urlsplit(self.url).hostname or ""

    def clean(self):
        if not self.secret:  # one is made for each endpoint: a generic one's posts are signed with it
            self.secret = new_secret()


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Sending"
    DELIVERED = "delivered", "Delivered"
    DEAD = "dead", "Failed: not delivered"


class WebhookDelivery(TenantModel):
    """One event for one endpoint. ``key`` names the event (e.g. 'pack-12'), so one event is posted to an endpoint
    once however often it is announced. Retried with backoff; after the last retry it is ``dead`` (the dead-letter
    list) until the PMO sends it again."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=WebhookEvent.choices)
    key = models.CharField(max_length=120)
    message = models.JSONField(default=dict, help_text="What is said: title, text, link and facts (no personal data "
                                                       "beyond names).")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["tenant", "status"], name="webhook_delivery_status")]
        constraints = [models.UniqueConstraint(fields=["endpoint", "key"], name="webhook_delivery_once",
                                               violation_error_message="This event was already sent there."),
                       models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values),
                                              name="webhook_delivery_status_known",
                                              violation_error_message="A delivery's status is one of: "
                                              + ", ".join(DeliveryStatus.labels) + ".")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"
