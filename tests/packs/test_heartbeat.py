"""A render whose worker died is noticed within minutes (issue 15, item 6): the renderer beats at each step
(``heartbeat_at``); the schedule's requeue sends again a rendering pack whose heartbeat is older than
``PACK_HEARTBEAT_STALE_SECONDS``, and the PMO may render it again (API and page), while a live render, however
long it has run, is left alone and still answers 409."""

import datetime
import threading
import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from meetings.choices import PackStatus
from meetings.models import BoardPack
from meetings.packs import render, services, tasks

pytestmark = pytest.mark.django_db

URL = "/api/v1/board-packs/"


@pytest.fixture
def rendering(next_meeting):
    """A Delivery Board pack a worker took ``started_ago`` (ten minutes: well inside the hour the broker waits
    before redelivering) and left at 80%, its last heartbeat ``beat_ago`` old."""

    def make(beat_ago, started_ago=datetime.timedelta(minutes=10)):
        now = timezone.now()
        meeting = next_meeting("delivery_board")
        pack = BoardPack.objects.create(
            meeting=meeting, version=BoardPack.objects.filter(meeting=meeting).count() + 1,
            status=PackStatus.RENDERING, progress=80, stage="Typesetting the PDF", attempts=1,
            started_at=now - started_ago, queued_at=now - started_ago,
            heartbeat_at=now - beat_ago)
        return pack

    return make


STALE = datetime.timedelta(seconds=settings.PACK_HEARTBEAT_STALE_SECONDS + 5)
FRESH = datetime.timedelta(seconds=5)


def test_the_schedule_sends_again_a_render_whose_heartbeat_stopped(rendering):
    pack = rendering(STALE)
    # The beat job, called as the schedule would; tasks run in-process here, so the pack is rendered at once.
    assert tasks.requeue_board_packs() == 1
    done = BoardPack.objects.get(pk=pack.pk)
    assert done.status == PackStatus.READY and done.attempts == 2
    assert tasks.requeue_board_packs() == 0


def test_a_live_render_is_left_alone_however_long_it_runs(rendering):
    pack = rendering(FRESH, started_ago=datetime.timedelta(hours=2))
    assert tasks.requeue_board_packs() == 0
    live = BoardPack.objects.get(pk=pack.pk)
    assert (live.status, live.progress, live.attempts) == (PackStatus.RENDERING, 80, 1)


def test_with_the_broker_still_down_a_dead_render_is_tried_again_later(rendering, monkeypatch):
    pack = rendering(STALE)
    monkeypatch.setattr(tasks.render_board_pack, "apply_async", lambda *a, **k: (_ for _ in ()).throw(
        ConnectionError("broker down")))
    assert services.requeue_stale() == 0
    waiting = BoardPack.objects.get(pk=pack.pk)
    assert waiting.status == PackStatus.RENDERING and waiting.stage == services.RESTARTING
    assert services.requeue_stale() == 0, "its heartbeat was reset: not sent again before it is stale again"
    later = timezone.now() + STALE
    monkeypatch.undo()
    assert services.requeue_stale(now=later) == 1


def test_the_pmo_may_render_again_a_pack_whose_heartbeat_stopped_through_the_api(api, rendering):
    pack = rendering(STALE)
    response = api("pmo.llr").post(f"{URL}{pack.pk}/render/")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == PackStatus.QUEUED


def test_a_live_render_still_answers_409(api, rendering):
    pack = rendering(FRESH)
    response = api("pmo.llr").post(f"{URL}{pack.pk}/render/")
    assert response.status_code == 409
    assert "being rendered now" in response.json()["detail"]
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.RENDERING


@pytest.mark.parametrize(("beat_ago", "status", "message"), [
    (STALE, PackStatus.QUEUED, "is being rendered again"),
    (FRESH, PackStatus.RENDERING, "being rendered now"),
])
def test_the_page_renders_again_only_a_pack_whose_heartbeat_stopped(client, persona, rendering, beat_ago, status,
                                                                    message):
    pack = rendering(beat_ago)
    client.force_login(persona("pmo.llr"))
    response = client.post(f"/meetings/packs/{pack.pk}/render/", follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert BoardPack.objects.get(pk=pack.pk).status == status


def test_each_progress_step_is_a_heartbeat(next_meeting, monkeypatch):
    meeting = next_meeting("delivery_board")
    pack = BoardPack.objects.create(meeting=meeting, version=BoardPack.objects.filter(meeting=meeting).count() + 1)
    long_ago = timezone.now() - datetime.timedelta(days=1)
    beats = []
    real = render.set_progress

    def progress(pack_id, percent, stage):
        BoardPack.objects.filter(pk=pack_id).update(heartbeat_at=long_ago)  # as if the last beat were old
        real(pack_id, percent, stage)
        beats.append(BoardPack.objects.values_list("heartbeat_at", flat=True).get(pk=pack_id))

    monkeypatch.setattr(render, "set_progress", progress)
    assert render.render_pack(pack.pk) == PackStatus.READY
    assert len(beats) >= 6 and all(beat > long_ago for beat in beats)
    assert beats == sorted(beats)


def test_typesetting_beats_from_a_thread_until_it_is_done(monkeypatch):
    """While WeasyPrint typesets (no progress to report) a thread beats; it stops when the step ends. With a
    transaction open, as in these tests, the thread's own connection could not see the row, so none starts."""
    beats = []
    monkeypatch.setattr(render, "beat", lambda pack_id: beats.append((pack_id, threading.current_thread().name)))
    monkeypatch.setattr(render.transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=False))
    with render.beating(7, interval=0.02):
        time.sleep(0.2)
    done = len(beats)
    time.sleep(0.1)
    assert done >= 3 and len(beats) == done, "it beats while the step runs, and not after"
    assert {name for _, name in beats} == {"pack-7-heartbeat"}

    monkeypatch.setattr(render.transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=True))
    with render.beating(7, interval=0.02):
        time.sleep(0.1)
    assert len(beats) == done
