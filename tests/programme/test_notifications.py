"""The notification service every app uses (core.notifications): the inbox, email after commit as each
person prefers, the daily digest, RACI recipients, the inbox pages and the notifications API."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import derived, notifications, rules, tasks
from core.models import EmailMode, Notification, NotificationPreference, RaciEntry, User
from core.tenancy import NoActiveTenant, tenant_context
from programme.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(persona):
    return {name: persona(name) for name in ("pmo.llr", "director.llr", "pm.poa.llr", "viewer.uhl.llr",
                                              "pmo.north", "lead.urgentcare.llr")}


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def emails_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.nhs.uk"]]


def prefer(tenant, user, mode):
    with tenant_context(tenant):
        NotificationPreference.objects.update_or_create(user=user, defaults={"email_mode": mode})


# notify() -------------------------------------------------------------------------------------------------

def test_notify_writes_the_inbox_and_emails_after_commit(llr, people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(llr):
        rows = notifications.notify([people["pm.poa.llr"], people["pm.poa.llr"], people["director.llr"]],
                                    "Something happened", "Details.", link="/programme/", kind="test.event")
    assert sorted(row.recipient.username for row in rows) == ["director.llr", "pm.poa.llr"]  # once each
    message = emails_to("pm.poa.llr")[0]
    assert "Something happened" in message.subject and "Details." in message.body
    # Links in emails are absolute, so they work from a mail client (PORTAL_BASE_URL).
    assert "http://127.0.0.1:8000/programme/" in message.body
    assert "LLR" in message.subject
    with tenant_context(llr):
        assert Notification.objects.filter(kind="test.event", emailed_at__isnull=False).count() == 2


def test_notify_drops_people_outside_the_partnership_and_the_inactive(llr, people):
    inactive = User.objects.create(username="gone", email="gone@example.nhs.uk", is_active=False)
    with tenant_context(llr):
        rows = notifications.notify([people["pmo.north"], inactive, None, people["pmo.llr"]], "Hello")
    assert [row.recipient.username for row in rows] == ["pmo.llr"]


def test_notify_needs_a_partnership(people):
    with pytest.raises(NoActiveTenant):
        notifications.notify([people["pmo.llr"]], "Nowhere")


def test_notify_records_what_it_is_about(llr, people, in_llr):
    project = Project.objects.first()
    row = notifications.notify([people["pmo.llr"]], "About a project", obj=project)[0]
    assert row.target == project


def test_a_rolled_back_transaction_emails_nothing(llr, people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(llr):
        with pytest.raises(RuntimeError), transaction.atomic():
            notifications.notify([people["pm.poa.llr"]], "Never", kind="test.rollback")
            raise RuntimeError("the change fails after notifying")
    assert mail.outbox == []
    with tenant_context(llr):
        assert not Notification.objects.filter(kind="test.rollback").exists()


@pytest.mark.parametrize(("mode", "emailed"), [
    (EmailMode.IMMEDIATE, 1), (EmailMode.DAILY_DIGEST, 0), (EmailMode.NONE, 0),
])
def test_the_preference_decides_the_immediate_email(llr, people, mode, emailed, django_capture_on_commit_callbacks):
    prefer(llr, people["pm.poa.llr"], mode)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), tenant_context(llr):
        notifications.notify([people["pm.poa.llr"]], "Preference test")
    assert len(emails_to("pm.poa.llr")) == emailed


def test_sending_is_idempotent(llr, people):
    with tenant_context(llr):
        row = notifications.notify([people["pm.poa.llr"]], "Once only")[0]
    mail.outbox.clear()
    assert tasks.send_notification_emails([row.pk]) == 1
    assert tasks.send_notification_emails([row.pk]) == 0
    assert len(mail.outbox) == 1


# The daily digest ------------------------------------------------------------------------------------------

def test_the_digest_sends_one_email_per_person_once(llr, northshire, people):
    prefer(llr, people["pm.poa.llr"], EmailMode.DAILY_DIGEST)
    prefer(llr, people["director.llr"], EmailMode.DAILY_DIGEST)
    prefer(llr, people["viewer.uhl.llr"], EmailMode.NONE)
    with tenant_context(llr):
        for n in range(3):
            notifications.notify([people["pm.poa.llr"], people["viewer.uhl.llr"]], f"Digest item {n}",
                                 link=f"/changes/{n}/")
    mail.outbox.clear()
    sent = tasks.send_daily_digests(llr.pk)
    assert sent == 1  # the director had nothing new; the viewer wants no email
    (digest,) = emails_to("pm.poa.llr")
    assert "3 notifications" in digest.subject
    for n in range(3):
        assert f"Digest item {n}" in digest.body and f"/changes/{n}/" in digest.body
    assert tasks.send_daily_digests(llr.pk) == 0  # idempotent: nothing new, nothing sent
    assert len(mail.outbox) == 1
    assert emails_to("viewer.uhl.llr") == []
    with tenant_context(llr):
        assert not Notification.objects.filter(recipient=people["pm.poa.llr"], emailed_at__isnull=True).exists()


def test_the_digest_of_everywhere_runs_per_partnership(llr, people):
    prefer(llr, people["pm.poa.llr"], EmailMode.DAILY_DIGEST)
    with tenant_context(llr):
        notifications.notify([people["pm.poa.llr"]], "Digest everywhere")
    result = tasks.send_daily_digests_everywhere()
    assert result["llr"] == 1 and result["northshire"] == 0


def test_the_digest_is_scheduled():
    from django.conf import settings

    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "core.tasks.send_daily_digests_everywhere" in entries


# RACI recipients -------------------------------------------------------------------------------------------

def test_notify_raci_reaches_the_letters_at_the_objects_scope(llr, people, in_llr):
    """App. 3 'close workstreams and projects': DB C, PMO I, PD R; project managers join with C for the test."""
    RaciEntry.objects.filter(process="close_workstreams_and_projects", role="project_manager").update(letters="C")
    derived.bump(llr.pk, rules.RACI_MATRIX)  # update() sends no signal
    poa = Project.objects.get(name="Integrating LLR Points of Access")
    other = Project.objects.exclude(workstream=poa.workstream).first()
    names = {u.username for u in notifications.raci_recipients("close_workstreams_and_projects", poa)}
    assert {"delivery.llr", "pmo.llr", "pm.poa.llr"} <= names
    assert "director.llr" not in names  # R, not C or I
    assert "pm.poa.llr" not in {u.username for u in notifications.raci_recipients("close_workstreams_and_projects",
                                                                                  other)}
    assert "pmo.llr" not in {u.username for u in notifications.raci_recipients(
        "close_workstreams_and_projects", poa, letters="C")}
    rows = notifications.notify_raci("close_workstreams_and_projects", poa, "Closing", exclude=[people["pmo.llr"]])
    assert "pmo.llr" not in {row.recipient.username for row in rows}
    assert all(row.kind == "raci.close_workstreams_and_projects" for row in rows)


def test_notify_raci_tells_each_person_once_across_processes(llr, in_llr):
    rows = notifications.notify_raci(["control_and_manage_delivery", "monitor_report_and_control"], None, "Both")
    names = [row.recipient.username for row in rows]
    assert len(names) == len(set(names)) and "delivery.llr" in names


# The inbox pages -------------------------------------------------------------------------------------------

def test_the_header_shows_the_unread_count_and_the_inbox_lists_them(browser, llr, people):
    with tenant_context(llr):
        Notification.objects.filter(recipient=people["pm.poa.llr"]).update(read_at="2026-01-01T00:00Z")
        notifications.notify([people["pm.poa.llr"]], "First thing", "Body one", link="/programme/")
        notifications.notify([people["pm.poa.llr"]], "Second thing")
    client = browser("pm.poa.llr")
    html = client.get("/programme/").content.decode()
    assert "Inbox: 2 unread" in html
    page = client.get("/programme/inbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "First thing" in html and "Second thing" in html and "Unread" in html
    assert "style=" not in html and "<script>" not in html


def test_mark_one_read_and_open_it_then_all(browser, llr, people):
    with tenant_context(llr):
        Notification.objects.filter(recipient=people["pm.poa.llr"]).update(read_at="2026-01-01T00:00Z")
        first = notifications.notify([people["pm.poa.llr"]], "Open me", link="/programme/")[0]
        notifications.notify([people["pm.poa.llr"]], "Later")
    client = browser("pm.poa.llr")
    response = client.post(f"/programme/inbox/{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/programme/"
    with tenant_context(llr):
        assert notifications.unread_count(people["pm.poa.llr"]) == 1
    client.post("/programme/inbox/read/")
    with tenant_context(llr):
        assert notifications.unread_count(people["pm.poa.llr"]) == 0
    assert "Inbox: " not in client.get("/programme/inbox/").content.decode()


def test_another_persons_notification_is_not_found(browser, llr, people):
    with tenant_context(llr):
        theirs = notifications.notify([people["director.llr"]], "Not yours")[0]
    client = browser("pm.poa.llr")
    assert client.post(f"/programme/inbox/{theirs.pk}/read/").status_code == 404
    assert "Not yours" not in client.get("/programme/inbox/").content.decode()
    with tenant_context(llr):
        assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_the_preference_form(browser, llr, people):
    client = browser("pm.poa.llr")
    page = client.get("/programme/inbox/preferences/")
    assert page.status_code == 200 and "daily digest" in page.content.decode()
    assert client.post("/programme/inbox/preferences/", {"email_mode": "weekly"}).status_code == 400
    assert client.post("/programme/inbox/preferences/", {"email_mode": "daily_digest"}).status_code == 302
    with tenant_context(llr):
        assert NotificationPreference.objects.get(user=people["pm.poa.llr"]).email_mode == "daily_digest"


def test_the_inbox_costs_the_same_however_full(browser, llr, people):
    client = browser("pm.poa.llr")
    client.get("/programme/inbox/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programme/inbox/").status_code == 200
        return len(queries)

    small = count()
    with tenant_context(llr):
        for n in range(30):
            notifications.notify([people["pm.poa.llr"]], f"Many {n}")
    assert count() == small


# The notifications API -------------------------------------------------------------------------------------

def test_the_api_lists_only_my_notifications_and_marks_them_read(api, llr, northshire, people):
    with tenant_context(llr):
        mine = notifications.notify([people["pm.poa.llr"]], "Mine via API")[0]
        theirs = notifications.notify([people["director.llr"]], "Theirs via API")[0]
    with tenant_context(northshire):
        foreign = notifications.notify([people["pmo.north"]], "Northshire")[0]
    client = api("pm.poa.llr")
    rows = client.get("/api/v1/notifications/", {"page_size": 500}).json()["results"]
    ids = {row["id"] for row in rows}
    assert mine.pk in ids and theirs.pk not in ids and foreign.pk not in ids
    assert {row["id"] for row in client.get("/api/v1/notifications/", {"read": "false", "page_size": 500}).json()[
        "results"]} >= {mine.pk}
    response = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert api("pmo.llr").post(f"/api/v1/notifications/{foreign.pk}/read/").status_code == 404
    assert mine.pk not in {row["id"] for row in client.get("/api/v1/notifications/", {"read": "false"}).json()[
        "results"]}
    assert client.post("/api/v1/notifications/read-all/").json()["marked"] >= 0
    with tenant_context(llr):
        assert Notification.objects.get(pk=theirs.pk).read_at is None
