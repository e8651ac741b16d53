"""``/healthz`` tells a load balancer the truth: 503 when the database or the broker is unreachable
(issue 15, item 9), each reported separately."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthy(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_the_database_unreachable_answers_503(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = "memory://"

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unavailable")
    assert response.json()["status"] == "unavailable"


def test_the_broker_unreachable_answers_503_and_says_so(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["broker"].startswith("unavailable")
