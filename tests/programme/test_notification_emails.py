"""Notification emails one at a time (issue 15, item 5): a title with a line break cannot add a header or drop
anyone's email, and one message that fails is logged, counted and tried again while the others go."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend

from core import notifications, tasks
from core.models import Notification
from core.tenancy import tenant_context
from risks.choices import Category, Level
from risks.models import Risk

pytestmark = pytest.mark.django_db

RECIPIENTS = ("pmo.llr", "director.llr", "pm.poa.llr")
HOSTILE = "A\r\nBcc: x@evil"


@pytest.fixture
def hostile_risk(llr):
    with tenant_context(llr):
        risk = Risk(title=HOSTILE, category=Category.STRATEGIC, level=Level.PROGRAMME, inherent_likelihood=3,
                    inherent_impact=3, residual_likelihood=2, residual_impact=3)
        risk.save()
        return risk


def notify_about(llr, persona, risk, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(llr):
        return notifications.notify([persona(name) for name in RECIPIENTS], f"{risk.ref} needs review: {risk.title}",
                                    "Please review it.", obj=risk, kind="test.hostile")


def headers(message):
    """The header lines of the message as it would go on the wire."""
    raw = message.message().as_string()
    return raw.split("\n\n", 1)[0].splitlines()


def test_a_title_with_a_line_break_reaches_everyone_with_a_safe_subject(
        llr, persona, hostile_risk, django_capture_on_commit_callbacks):
    rows = notify_about(llr, persona, hostile_risk, django_capture_on_commit_callbacks)
    assert len(rows) == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"{name}@example.nhs.uk" for name in RECIPIENTS)
    for message in mail.outbox:
        assert "\r" not in message.subject and "\n" not in message.subject
        assert message.subject.endswith(f"{hostile_risk.ref} needs review: A Bcc: x@evil")
        assert message.bcc == [] and message.message()["Bcc"] is None
        assert not [line for line in headers(message) if line.lower().startswith("bcc")]
    with tenant_context(llr):
        assert Notification.objects.filter(kind="test.hostile", emailed_at__isnull=False).count() == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("Plain", "Plain"),
    ("line\none", "line one"),
    ("tabs\tand\x00nul\x1bescape\x7f\x85next\u2028sep", "tabs and nul escape next sep"),
    ("  spaced \r\n\r\n  out  ", "spaced out"),
])
def test_subjects_are_one_line_without_control_characters(text, expected):
    assert notifications.email_subject(text) == expected


def test_long_subjects_are_trimmed():
    subject = notifications.email_subject("x" * 1000)
    assert len(subject) == notifications.EMAIL_SUBJECT_LENGTH and subject.endswith("…")


@pytest.fixture
def refuses(monkeypatch):
    """The mail server refuses messages to one address; the others go."""
    real_send = EmailMessage.send

    def send(self, *args, **kwargs):
        if self.to == ["director.llr@example.nhs.uk"]:
            raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"mailbox unavailable")})
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    return monkeypatch


def test_one_failed_message_is_logged_the_others_go_and_it_is_tried_again(
        llr, persona, hostile_risk, refuses, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.ERROR, logger="core.notifications"):
        rows = notify_about(llr, persona, hostile_risk, django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == ["pm.poa.llr@example.nhs.uk", "pmo.llr@example.nhs.uk"]
    director = next(row for row in rows if row.recipient.username == "director.llr")
    assert any(f"notification {director.pk}" in record.getMessage() for record in caplog.records)
    with tenant_context(llr):
        failed = Notification.objects.get(pk=director.pk)
    assert failed.emailed_at is None and failed.email_attempts == 1 and "SMTPRecipientsRefused" in failed.email_error

    assert set(tasks.retry_failed_emails().values()) == {0}, "still refused: counted again"
    with tenant_context(llr):
        assert Notification.objects.get(pk=director.pk).email_attempts == 2
    refuses.undo()
    mail.outbox.clear()
    assert tasks.retry_failed_emails()["llr"] == 1
    assert [message.to for message in mail.outbox] == [["director.llr@example.nhs.uk"]]
    with tenant_context(llr):
        assert Notification.objects.get(pk=director.pk).emailed_at is not None
    assert tasks.retry_failed_emails()["llr"] == 0, "sent once"


def test_the_schedule_stops_trying_after_a_few_attempts(llr, persona, hostile_risk, refuses,
                                                        django_capture_on_commit_callbacks):
    notify_about(llr, persona, hostile_risk, django_capture_on_commit_callbacks)
    with tenant_context(llr):
        Notification.objects.filter(kind="test.hostile", emailed_at__isnull=True).update(
            email_attempts=notifications.EMAIL_ATTEMPTS)
    refuses.undo()
    assert tasks.retry_failed_emails()["llr"] == 0


def test_a_mail_server_that_cannot_be_reached_leaves_every_message_to_be_tried_again(
        llr, persona, hostile_risk, monkeypatch, django_capture_on_commit_callbacks):
    def unreachable(self):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "open", unreachable, raising=False)
    notify_about(llr, persona, hostile_risk, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    with tenant_context(llr):
        attempts = list(Notification.objects.filter(kind="test.hostile").values_list("email_attempts", flat=True))
    assert attempts == [1, 1, 1]
    monkeypatch.undo()
    assert tasks.retry_failed_emails()["llr"] == 3
