"""Raising a change request while the task broker is down (issue 15, item 3): the request is saved once and the
answer is success (201 from the API, 302 from the page), never a 500 that makes the person retry and duplicate it.
The PMO's email task that could not be sent is logged and kept, and the schedule sends it once the broker is back.
With tasks run in-process (the embedded default) nothing changes: the email goes at once and nothing is kept."""

import logging

import pytest
from celery.app.task import Task
from django.core import mail
from kombu.exceptions import OperationalError

from change_control.models import ChangeRequest
from core import tasks
from core.models import Notification, PendingTask
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

EMAIL_TASK = "core.tasks.send_notification_emails"


@pytest.fixture
def broker_down(monkeypatch):
    """Every task's ``apply_async`` fails as kombu does when Redis cannot be reached; ``.undo()`` brings it back."""

    def unreachable(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", unreachable)
    return monkeypatch


def saved(llr, title):
    with tenant_context(llr):
        return list(ChangeRequest.objects.filter(title=title))


def pmo_emails():
    return [message for message in mail.outbox if message.to == ["pmo.llr@example.nhs.uk"]]


def kept(llr):
    with tenant_context(llr):
        return list(PendingTask.objects.all())


def raise_through_the_api(api, urgent_care, title):
    return api("lead.urgentcare.llr").post("/api/v1/change-requests/", {
        "kind": "concern", "title": title, "description": "Raised while Redis is down.",
        "workstream": urgent_care.pk}, format="json")


def raise_through_the_page(client, persona, urgent_care, title):
    client.force_login(persona("lead.urgentcare.llr"))
    return client.post("/changes/new/", {"kind": "concern", "title": title, "description": "From the page.",
                                         "workstream": urgent_care.pk})


@pytest.mark.parametrize("how", ["api", "page"])
def test_the_request_is_saved_once_and_answered_success_and_the_email_is_sent_later(
        how, api, client, persona, urgent_care, llr, broker_down, caplog, django_capture_on_commit_callbacks):
    title = f"Raised through the {how} with the broker down"
    mail.outbox.clear()
    with caplog.at_level(logging.ERROR, logger="core.dispatch"), django_capture_on_commit_callbacks(execute=True):
        if how == "api":
            response = raise_through_the_api(api, urgent_care, title)
        else:
            response = raise_through_the_page(client, persona, urgent_care, title)
    assert response.status_code == (201 if how == "api" else 302), response.content
    [request] = saved(llr, title)
    assert any(EMAIL_TASK in record.getMessage() and record.levelno >= logging.ERROR for record in caplog.records)
    assert pmo_emails() == []
    [pending] = kept(llr)
    with tenant_context(llr):
        told = list(Notification.objects.filter(kind="change_control.logged", target_id=request.pk)
                    .values_list("pk", flat=True))
    assert pending.task == EMAIL_TASK and sorted(pending.args[0]) == sorted(told) and pending.attempts == 1
    assert "OperationalError" in pending.last_error

    broker_down.undo()
    assert tasks.send_pending_tasks() == 1
    assert kept(llr) == []
    assert [request.ref in message.subject for message in pmo_emails()] == [True]
    assert tasks.send_pending_tasks() == 0, "sent once"


def test_while_the_broker_stays_down_the_schedule_keeps_the_task_and_counts(
        api, urgent_care, llr, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_through_the_api(api, urgent_care, "Still down").status_code == 201
    assert tasks.send_pending_tasks() == 0
    [pending] = kept(llr)
    assert pending.attempts == 2 and "Connection refused" in pending.last_error


@pytest.mark.parametrize("how", ["api", "page"])
def test_with_tasks_run_in_process_the_email_goes_at_once(
        how, api, client, persona, urgent_care, llr, django_capture_on_commit_callbacks):
    title = f"Raised through the {how}, broker up"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "api":
            response = raise_through_the_api(api, urgent_care, title)
        else:
            response = raise_through_the_page(client, persona, urgent_care, title)
    assert response.status_code == (201 if how == "api" else 302)
    [request] = saved(llr, title)
    assert [request.ref in message.subject for message in pmo_emails()] == [True]
    assert kept(llr) == []
