"""The embedded default (SQLite) under a few concurrent writers never fails with "database is locked".

Each writer does what a workflow step does: read inside a transaction, then write. With SQLite's default
(deferred) transactions two such writers both hold read locks and one of them cannot upgrade to writing, at
once and whatever the timeout; with the portal's settings (``bct_portal.env.SQLITE_OPTIONS``) each transaction
takes the write lock when it begins and the others wait. The control run with the defaults shows the test can
fail.
"""

import threading
import time

import pytest
from django.db.utils import ConnectionHandler

from bct_portal.env import SQLITE_OPTIONS, database_config

WRITERS = 8
STEPS = 5


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own SQLite files, not the test database."""
    with django_db_blocker.unblock():
        yield


def _run_writers(path, options):
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
                                             "OPTIONS": options}})
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (n integer NOT NULL)")
        cursor.execute("INSERT INTO counter (n) VALUES (0)")
    handler["default"].close()
    errors, start = [], threading.Barrier(WRITERS)

    def writer():
        connection = handler["default"]  # one connection per thread, as a threaded server has
        start.wait()
        try:
            for _ in range(STEPS):
                # What transaction.atomic() does on this connection: BEGIN (with the configured mode) ... COMMIT.
                connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT n FROM counter")
                        (n,) = cursor.fetchone()
                        time.sleep(0.005)  # the work between reading and writing
                        cursor.execute("UPDATE counter SET n = %s", [n + 1])
                    connection.commit()
                except Exception:
                    connection.rollback()
                    raise
                finally:
                    connection.set_autocommit(True)
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (total,) = cursor.fetchone()
    handler["default"].close()
    return errors, total


def test_the_embedded_default_is_configured_for_a_web_server(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_config("DATABASE_URL", tmp_path / "portal.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    handler = ConnectionHandler({"default": config})
    with handler["default"].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    handler["default"].close()


def test_concurrent_writers_all_succeed_and_none_is_lost(tmp_path):
    errors, total = _run_writers(tmp_path / "portal.sqlite3", SQLITE_OPTIONS)
    assert errors == []
    assert total == WRITERS * STEPS


def test_the_control_sqlites_defaults_do_lock(tmp_path):
    """Without the portal's options the same writers fail: what the test above guards against is real."""
    errors, _ = _run_writers(tmp_path / "defaults.sqlite3", {"timeout": 20})
    assert any("database is locked" in error for error in errors)
