"""In-app notifications and each person's email preference (the service is ``core.notifications``)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .base import TenantModel, tenant_history


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "Email me each notification as it happens"
    DAILY_DIGEST = "daily_digest", "Email me one daily digest"
    NONE = "none", "Do not email me: I will read them in the portal"


class Notification(TenantModel):
    """One message to one person in one partnership: shown in their inbox, and emailed as they prefer.

    A kind containing ``AWAITING`` (e.g. 'change_control.awaiting_decision') asks the recipient to decide: until the
    decision is taken it awaits them, read or not; the decision settles it (and marks it read) for everyone
    (``core.notifications.mark_settled``)."""

    AWAITING = "awaiting"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60, default="general",
                            help_text="What it is about, as 'app.event', e.g. 'change_control.decided'.")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="The portal page it refers to (a path).")
    # What it is about, if anything: kept loosely (the object may be archived or its app removed).
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the decision it asked for was taken (``mark_settled``): reading it settles nothing.
    settled_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Sending its email failed this many times (the schedule tries again, up to ``notifications.EMAIL_ATTEMPTS``).
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "programme_notification"  # its name from before it moved here
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["tenant", "emailed_at"], name="notification_unsent"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def awaits_decision(self):
        return self.settled_at is None and self.AWAITING in self.kind


class NotificationPreference(TenantModel):
    """How one person wants notifications of one partnership emailed (immediately, as a daily digest, or not)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email_mode = models.CharField(max_length=15, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)

    history = tenant_history(table_name="programme_historicalnotificationpreference")

    class Meta:
        db_table = "programme_notificationpreference"  # its name from before it moved here
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="notification_preference_one_per_user",
                                    violation_error_message="This person already has notification preferences."),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_email_mode_display()}"
