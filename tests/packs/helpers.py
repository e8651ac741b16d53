"""Helpers of the board pack tests: reading a pack's text, and a broker that is (or is not) there."""

import io
import socket
from contextlib import contextmanager

from pypdf import PdfReader


def pdf_text(pack):
    with pack.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def closed_port():
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def broker_at(url):
    """Publish tasks for real (not eagerly) to ``url``, with fresh connection pools; restored afterwards."""
    from bct_portal.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_timeout")}
    pools = (app._pool, app.amqp._producer_pool)

    def reset():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(broker_url=url, task_always_eager=False, broker_connection_timeout=1)
    reset()
    try:
        yield app
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.update(saved)
        app._pool, app.amqp._producer_pool = pools
