"""The render task: idempotent, safe against a worker killed mid-render, retried on transient errors, and
answering at once when the broker is down (DOMAIN.md s8)."""

import pytest
from django.conf import settings
from django.db import OperationalError

from meetings.choices import PackStatus
from meetings.models import BoardPack
from meetings.packs import render, services, tasks

from .helpers import broker_at, closed_port

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the task may catch it."""


def new_pack(meeting):
    return BoardPack.objects.create(meeting=meeting, version=BoardPack.objects.filter(meeting=meeting).count() + 1)


def stored_files(media):
    return sorted(path.name for path in media.rglob("*.pdf"))


def test_the_task_is_acknowledged_late_and_limited_below_the_visibility_timeout():
    task = tasks.render_board_pack
    assert task.acks_late is True and task.reject_on_worker_lost is True
    assert task.max_retries >= 3
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.soft_time_limit < task.time_limit < visibility


def test_running_the_task_twice_renders_once(next_meeting):
    pack = new_pack(next_meeting("delivery_board"))
    assert tasks.render_board_pack(pack.pk) == PackStatus.READY
    first = BoardPack.objects.get(pk=pack.pk)
    assert tasks.render_board_pack(pack.pk) == PackStatus.READY
    second = BoardPack.objects.get(pk=pack.pk)
    assert (second.file.name, second.sha256, second.attempts) == (first.file.name, first.sha256, 1)


def test_a_worker_killed_after_writing_the_file_leaves_the_pack_rendering(next_meeting, monkeypatch, media):
    pack = new_pack(next_meeting("delivery_board"))

    def killed(*args, **kwargs):
        raise WorkerKilled()

    monkeypatch.setattr(render, "mark_ready", killed)
    with pytest.raises(WorkerKilled):
        tasks.render_board_pack(pack.pk)
    crashed = BoardPack.objects.get(pk=pack.pk)
    assert crashed.status == PackStatus.RENDERING
    assert not crashed.file and not crashed.sha256, "never marked ready without its file recorded"
    orphan = stored_files(media)
    assert len(orphan) == 1

    monkeypatch.undo()
    # The broker redelivers the unacknowledged message: the task runs again and completes the pack.
    assert tasks.render_board_pack(pack.pk) == PackStatus.READY
    done = BoardPack.objects.get(pk=pack.pk)
    assert done.status == PackStatus.READY and done.progress == 100 and done.attempts == 2
    assert stored_files(media) == [done.file.name.rsplit("/", 1)[-1]], "the crashed attempt's file is removed"
    import hashlib

    with done.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == done.sha256


def test_a_worker_killed_mid_section_is_completed_on_redelivery(next_meeting, monkeypatch):
    pack = new_pack(next_meeting("delivery_board"))
    calls = []

    def dies_once(percent, stage):
        calls.append(stage)
        if len(calls) == 3:
            raise WorkerKilled()

    original = render.set_progress

    def progress(pack_id, percent, stage):
        original(pack_id, percent, stage)
        dies_once(percent, stage)

    monkeypatch.setattr(render, "set_progress", progress)
    with pytest.raises(WorkerKilled):
        tasks.render_board_pack(pack.pk)
    midway = BoardPack.objects.get(pk=pack.pk)
    assert midway.status == PackStatus.RENDERING and 0 < midway.progress < 100
    assert tasks.render_board_pack(pack.pk) == PackStatus.READY


def test_progress_is_reported_section_by_section(next_meeting, monkeypatch):
    pack = new_pack(next_meeting("delivery_board"))
    seen = []
    original = render.set_progress

    def spy(pack_id, percent, stage):
        original(pack_id, percent, stage)
        seen.append(BoardPack.objects.values_list("progress", flat=True).get(pk=pack_id))

    monkeypatch.setattr(render, "set_progress", spy)
    tasks.render_board_pack(pack.pk)
    assert seen == sorted(seen) and len(seen) >= 6 and seen[-1] >= render.TYPESET


def test_a_bug_marks_the_pack_failed(next_meeting, monkeypatch):
    pack = new_pack(next_meeting("delivery_board"))
    monkeypatch.setattr(render, "write_pdf", lambda html: 1 / 0)
    assert tasks.render_board_pack(pack.pk) == PackStatus.FAILED
    failed = BoardPack.objects.get(pk=pack.pk)
    assert failed.status == PackStatus.FAILED and "ZeroDivisionError" in failed.error and not failed.file


@pytest.fixture
def eager_retries():
    """Eagerly, Celery runs each retry at once (no countdown) when exceptions are not propagated."""
    conf = tasks.render_board_pack.app.conf
    saved = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = saved


def test_transient_errors_are_retried_then_the_pack_fails(next_meeting, monkeypatch, eager_retries):
    pack = new_pack(next_meeting("delivery_board"))
    attempts = []

    def database_away(pack_id):
        attempts.append(pack_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(render, "render_pack", database_away)
    result = tasks.render_board_pack.apply(args=[pack.pk])
    assert result.failed()
    assert len(attempts) == tasks.render_board_pack.max_retries + 1
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.FAILED


def test_a_transient_error_then_success(next_meeting, monkeypatch, eager_retries):
    pack = new_pack(next_meeting("delivery_board"))
    real = render.render_pack
    failures = [OperationalError("database restarting")]

    def flaky(pack_id):
        if failures:
            raise failures.pop()
        return real(pack_id)

    monkeypatch.setattr(render, "render_pack", flaky)
    assert tasks.render_board_pack.apply(args=[pack.pk]).successful()
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.READY


# Redis down ---------------------------------------------------------------------------------------------

def test_with_the_broker_down_a_request_still_answers_202_and_says_it_is_delayed(
        api, next_meeting, django_capture_on_commit_callbacks, client, persona):
    meeting = next_meeting("delivery_board")
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True):
            response = api("pmo.llr").post("/api/v1/board-packs/", {"meeting": meeting.pk}, format="json")
    assert response.status_code == 202
    pack = BoardPack.objects.get(pk=response.json()["id"])
    assert pack.status == PackStatus.QUEUED and pack.delayed and "delayed" in pack.note
    detail = api("pmo.llr").get(f"/api/v1/board-packs/{pack.pk}/").json()
    assert detail["delayed"] is True and "delayed" in detail["delayed_note"]

    client.force_login(persona("pmo.llr"))
    page = client.get(f"/meetings/{meeting.pk}/")
    assert "Rendering is delayed" in page.content.decode()


def test_the_schedule_sends_delayed_packs_again_once_the_broker_is_back(next_meeting, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    pack = new_pack(next_meeting("delivery_board"))
    long_ago = timezone.now() - timedelta(minutes=settings.BOARD_PACK_REQUEUE_MINUTES + 1)
    BoardPack.objects.filter(pk=pack.pk).update(delayed=True, note=services.DELAYED_NOTE, queued_at=long_ago)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        assert services.requeue_stale() == 0, "still down: nothing sent, the note stays"
    still = BoardPack.objects.get(pk=pack.pk)
    assert still.delayed and still.queued_at > long_ago
    BoardPack.objects.filter(pk=pack.pk).update(queued_at=long_ago)
    # The broker is back (tasks run in-process here): the pack is sent and rendered.
    assert services.requeue_stale() == 1
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.READY
    assert services.requeue_stale() == 0, "a second run sends nothing new"


def test_a_fresh_queued_pack_is_not_sent_twice(next_meeting):
    pack = new_pack(next_meeting("delivery_board"))
    BoardPack.objects.filter(pk=pack.pk).update(queued_at=pack.requested_at)
    assert services.requeue_stale() == 0


def test_a_pack_that_keeps_killing_its_worker_is_given_up(next_meeting):
    pack = new_pack(next_meeting("delivery_board"))
    BoardPack.objects.filter(pk=pack.pk).update(status=PackStatus.RENDERING, attempts=render.MAX_ATTEMPTS)
    assert tasks.render_board_pack(pack.pk) == PackStatus.FAILED
    given_up = BoardPack.objects.get(pk=pack.pk)
    assert given_up.status == PackStatus.FAILED and "Gave up" in given_up.error
