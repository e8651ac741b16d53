"""Configuration comes from the environment; a bad value fails at start, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(settings_module, **env):
    """Import the settings in a fresh interpreter, as a process start would."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_embedded_default_is_sqlite_with_tasks_in_process():
    result = start("bct_portal.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_broker():
    result = start(
        "bct_portal.settings.local",
        DATABASE_URL="postgres://bct:secret@db.example:5432/bct", REDIS_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]


@pytest.mark.parametrize("variable,value", [
    ("DATABASE_URL", "mysql://root@localhost/bct"),
    ("DATABASE_URL", "not a url"),
    ("REDIS_URL", "http://localhost:6379"),
    ("DEBUG", "maybe"),
    ("EMAIL_PORT", "twenty-five"),
    ("PACK_HEARTBEAT_STALE_SECONDS", "30"),  # less than three heartbeats (20 s each): live renders look dead
    ("PACK_HEARTBEAT_SECONDS", "0"),
])
def test_a_bad_value_names_the_variable(variable, value):
    result = start("bct_portal.settings.local", **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_the_default_secret_key():
    result = start("bct_portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = start("bct_portal.settings.production", SECRET_KEY="x" * 50, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_real_secret():
    result = start("bct_portal.settings.production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="portal.example.nhs.uk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_the_garbage_collector_is_tuned_for_a_web_process():
    """core.apps.tune_garbage_collector: the settings' thresholds, and what was loaded at start frozen."""
    import gc

    from django.conf import settings

    assert gc.get_threshold() == tuple(settings.GC_THRESHOLDS)
    assert gc.get_freeze_count() > 10_000
