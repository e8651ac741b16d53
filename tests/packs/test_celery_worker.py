"""A real Celery worker renders a pack requested through the API (DOMAIN.md s8).

Skipped unless REDIS_URL is set and Redis answers (CI sets it). The worker is ``celery -A bct_portal worker``
in a subprocess, on a queue of its own, against the test database: PostgreSQL's test database as pytest-django
made it, or, on SQLite, a file copy of the in-memory test database that this process switches to for the test
(a worker cannot reach another process's memory). Everything is bounded in time and the worker is stopped.
"""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from core.models import Partnership
from core.tenancy import tenant_context
from meetings import services as meetings
from programme.choices import BodyKind
from programme.models import Body
from risks.choices import Level, RiskStatus
from risks.models import Risk

from .helpers import pdf_text

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")
READY_WITHIN = 120  # seconds for the worker to start and render
STOP_WITHIN = 20


def redis_answers(url):
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not redis_answers(REDIS_URL),
                       reason="needs a real broker: set REDIS_URL to a Redis that answers (CI does)"),
]


@contextmanager
def database_for_worker(tmp_path):
    """A DATABASE_URL a separate process can open that holds this test's data."""
    wrapper = connections["default"]
    config = wrapper.settings_dict
    if wrapper.vendor == "postgresql":
        credentials = f"{quote(config['USER'] or '')}:{quote(config['PASSWORD'] or '')}@" if config["USER"] else ""
        yield f"postgres://{credentials}{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}/{config['NAME']}"
        return
    if wrapper.vendor != "sqlite":
        pytest.skip(f"no way to share a {wrapper.vendor} test database with a worker")
    if not wrapper.is_in_memory_db():
        yield f"sqlite:///{config['NAME']}"
        return
    path = tmp_path / "worker.sqlite3"
    wrapper.ensure_connection()
    copy = sqlite3.connect(path)
    wrapper.connection.backup(copy)
    copy.close()
    # Keep the in-memory database alive (its last connection closing would destroy it) while this process
    # works on the file; put it back afterwards for pytest-django's flush and the tests that follow.
    memory, name = wrapper.connection, config["NAME"]
    wrapper.connection = None
    config["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        wrapper.close()
        config["NAME"] = name
        wrapper.connection = memory


@contextmanager
def real_broker(queue):
    """Publish for real (not eagerly) to REDIS_URL, on ``queue``."""
    from bct_portal.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            yield app
    finally:
        app.conf.update(saved)


@contextmanager
def worker(database_url, queue, log_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bct_portal.settings.test", "DATABASE_URL": database_url,
           "REDIS_URL": REDIS_URL, "MEDIA_ROOT": str(settings.MEDIA_ROOT), "PYTHONPATH": str(ROOT),
           "LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "celery", "-A", "bct_portal", "worker", "--pool=solo", "--concurrency=1",
               "-Q", queue, "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle",
               "--without-heartbeat", "-l", "info"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_WITHIN)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_WITHIN)


def tail(path, lines=40):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_a_pack_requested_through_the_api(api, tmp_path):
    call_command("load_demo", verbosity=0)  # a transactional test cannot rely on the session's data
    queue = f"bct-test-packs-{uuid.uuid4().hex[:8]}"
    log_path = tmp_path / "worker.log"
    with database_for_worker(tmp_path) as database_url, real_broker(queue):
        llr = Partnership.objects.get(slug="llr")
        with tenant_context(llr):
            meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
            baf = list(Risk.objects.filter(level=Level.DELIVERY_BOARD, status=RiskStatus.OPEN, restricted=False,
                                           archived=False).values_list("ref", flat=True))
        client = api("pmo.llr")
        with worker(database_url, queue, log_path) as process:
            response = client.post("/api/v1/board-packs/", {"meeting": meeting.pk}, format="json")
            assert response.status_code == 202, response.content
            assert response.json()["status"] == "queued" and response.json()["delayed"] is False
            url = f"/api/v1/board-packs/{response.json()['id']}/"
            deadline = time.monotonic() + READY_WITHIN
            seen = set()
            while True:
                pack = client.get(url).json()
                seen.add(pack["status"])
                if pack["status"] in ("ready", "failed"):
                    break
                assert process.poll() is None, f"the worker stopped:\n{tail(log_path)}"
                assert time.monotonic() < deadline, f"not ready in {READY_WITHIN} s ({pack}):\n{tail(log_path)}"
                time.sleep(0.5)
        assert pack["status"] == "ready", f"{pack['error']}\n{tail(log_path)}"
        assert pack["progress"] == 100 and pack["pages"] > 1
        pdf = client.get(f"{url}pdf/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        with tenant_context(llr):
            from meetings.models import BoardPack

            text = pdf_text(BoardPack.objects.get(pk=pack["id"]))
        assert "Delivery Board" in text
        assert baf and all(ref in text for ref in baf)
        assert "render_board_pack" in Path(log_path).read_text(), "the worker, not this process, rendered it"
