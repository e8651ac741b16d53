"""A local webhook receiver: a small ``http.server`` in a thread that records each post and answers as told (fixtures
imported by the conftest of each test directory that uses them)."""

import http.server
import threading

import pytest

from core.models import WebhookEndpoint


class Receiver:
    def __init__(self):
        self.requests = []  # (path, headers, body)
        self.status = 200
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def _handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((self.path, self.headers, body))  # headers: case-insensitive
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver(settings):
    """The receiver, running; plain http is allowed as in development (``DEBUG``)."""
    settings.DEBUG = True
    settings.WEBHOOK_RETRIES = 2
    settings.WEBHOOK_BACKOFF_SECONDS = 0
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def endpoint(in_llr, receiver):
    """An active generic endpoint of LLR that chose every event, posting to the receiver."""

    def make(kind="generic", **fields):
        values = {"name": f"{kind} hook", "kind": kind, "url": receiver.url, "active": True,
                  "on_pack_published": True, "on_decision_recorded": True, "on_risk_escalated": True,
                  "on_report_overdue": True, **fields}
        return WebhookEndpoint.objects.create(**values)

    return make
