"""Upgrading a database made by the previous release keeps every row.

The previous release (commit 18006f3) had one app, ``programme``; its models now live in ``core``, ``meetings``
and ``lifecycle`` with the same tables (state-only migrations, content types and audit labels relabelled by
programme.0007, ``core.0001_initial`` recorded by core/management/commands/migrate.py). This test exports that
commit with ``git archive``, lets its code create a database and load the demo (plus a notification, object
grant and audit events about moved models), then runs today's ``migrate`` on the same database and checks that
no table lost or gained a row, that content types and audit labels follow the models (same ids, new apps, no
duplicates), and that today's code reads every row through its models, resolves the notification's target and
the grant, authenticates a demo user, and finds no missing migration.

Everything runs in subprocesses against the test's own databases (a temporary SQLite file; with DATABASE_URL
naming PostgreSQL, as in CI, also a PostgreSQL database it creates and drops), never the test database.
It needs ``git`` and the commit: CI clones with full history; a shallow clone fails with an explanation.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
PREVIOUS = "18006f3"  # the last release with every model in programme
pytestmark = pytest.mark.upgrade
DEMO_PASSWORD = "demo-pass-2026"
# Rows that today's migrate adds by design: its own record, and the content types and permissions of new models.
# The RACI matrix grows by the processes new apps seed into existing partnerships (plan.0002: "manage the programme
# plan"); its rows from before are checked to be kept by the count only growing.
GROWING_TABLES = {"django_migrations", "django_content_type", "auth_permission", "programme_racientry"}
# Tables whose rows today's code keeps elsewhere: the registers' own reference counters became the kernel's one
# counter table (risks.0005, benefits.0003), checked value by value below.
RETIRED_TABLES = {"risks_registercounter": "risks.registercounter",
                  "benefits_benefitcounter": "benefits.benefitcounter"}
# The PostgreSQL variant's database, on the server DATABASE_URL names; created and dropped by the test.
PG_DATABASE = os.environ.get("UPGRADE_TEST_DATABASE", "bct_portal_upgrade_test")

# Old code: a notification and an object grant about a meeting, and audit events naming moved and unmoved models.
SEED = textwrap.dedent("""
    from guardian.shortcuts import assign_perm
    from programme.models import AuditEvent, Meeting, Notification, Partnership, Project, User
    from programme.tenancy import tenant_context

    llr = Partnership.objects.get(slug="llr")
    with tenant_context(llr):
        meeting = Meeting.objects.order_by("pk").first()
        project = Project.objects.order_by("pk").first()
        viewer = User.objects.get(username="viewer.uhl.llr")
        Notification.objects.create(recipient=viewer, kind="upgrade.check", subject="Upgrade check", target=meeting)
        assign_perm("programme.view_meeting", viewer, meeting)
        for label, pk in [("programme.meeting", meeting.pk), ("programme.user", viewer.pk),
                          ("programme.project", project.pk)]:
            AuditEvent.objects.create(tenant=llr, kind="restricted_read", user=viewer, username=viewer.username,
                                      object_type=label, object_id=str(pk), path="/upgrade-check/")
    print(meeting.pk)
""")

# New code: what it reads through its models, as JSON on the last line.
CHECK = textwrap.dedent(f"""
    import json
    from django.apps import apps
    from django.contrib.auth import authenticate
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test import RequestFactory
    from guardian.shortcuts import get_perms
    from core.models import AuditEvent, Notification, User
    from lifecycle.models import Lesson
    from meetings.models import Meeting

    tables = set(connection.introspection.table_names())
    rows = {{}}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table not in tables:
            continue
        rows[opts.db_table] = sum(1 for _ in model._base_manager.all().iterator())  # every column, every row
    try:
        target = Notification.all_tenants.get(kind="upgrade.check").target
    except Exception as error:  # e.g. its content type names a model that no longer exists
        target = None
        print("target:", repr(error))
    viewer = User.objects.get(username="viewer.uhl.llr")
    request = RequestFactory().post("/accounts/login/")
    print(json.dumps({{
        "rows": rows,
        "models": sorted(f"{{m._meta.app_label}}.{{m._meta.model_name}}" for m in apps.get_models()),
        "usernames": sorted(User.objects.values_list("username", flat=True)),
        "meetings": Meeting.all_tenants.count(),
        "lessons": Lesson.all_tenants.count(),
        "target": [target._meta.label, target.pk] if target else None,
        "grant": sorted(get_perms(viewer, target)) if target else [],
        "audit": sorted(AuditEvent.all_tenants.filter(path="/upgrade-check/").values_list("object_type", flat=True)),
        "content_types": [ContentType.objects.get_for_model(model).pk for model in (Meeting, User, Lesson)],
        "authenticated": getattr(authenticate(request, username="pmo.llr", password="{DEMO_PASSWORD}"),
                                 "username", None),
        "refused": authenticate(request, username="pmo.llr", password="not-the-password") is None,
    }}))
""")


def _previous_code(destination):
    """The previous release's files, from git (no checkout is touched)."""
    if shutil.which("git") is None:
        pytest.fail(f"The upgrade test needs git, to export the previous release (commit {PREVIOUS}).")
    found = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{PREVIOUS}^{{commit}}"], capture_output=True)
    if found.returncode != 0:
        pytest.fail(f"Commit {PREVIOUS} (the previous release) is not in this clone ({REPO}): clone with full "
                    "history (actions/checkout: fetch-depth: 0), or `git fetch --unshallow`.")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", PREVIOUS],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def _manage(code, database_url, media, *args, check=True):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_OWNER_URL", "REDIS_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="bct_portal.settings.local", MEDIA_ROOT=str(media),
               PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="ignore")
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=code, env=env, capture_output=True, text=True,
                          timeout=900)
    if check and done.returncode != 0:
        pytest.fail(f"`manage.py {' '.join(args[:2])}` in {code} failed ({done.returncode}):\n"
                    f"{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
    return done


class SQLite:
    def __init__(self, tmp_path):
        self.path = tmp_path / "upgrade.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def query(self, sql, params=()):
        import sqlite3

        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()

    def tables(self):
        return [name for (name,) in self.query("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite_%'")]


class PostgreSQL:
    def __init__(self, server_url):
        parts = urlsplit(server_url)
        self.url = urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))
        self.server = urlunsplit(parts._replace(path="/postgres"))

    def _admin(self, sql):
        import psycopg2

        connection = psycopg2.connect(self.server)
        connection.autocommit = True
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()

    def __enter__(self):
        self._admin(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        self._admin(f'CREATE DATABASE "{PG_DATABASE}"')
        return self

    def __exit__(self, *exc):
        self._admin(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        return False

    def query(self, sql, params=()):
        import psycopg2

        connection = psycopg2.connect(self.url)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def tables(self):
        return [name for (name,) in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]


def _snapshot(db):
    return {
        "rows": {table: db.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in db.tables()},
        "content_types": {pk: (app, model) for pk, app, model in
                          db.query("SELECT id, app_label, model FROM django_content_type")},
        "usernames": sorted(name for (name,) in db.query("SELECT username FROM programme_user")),
        "notification": db.query("SELECT target_type_id, target_id FROM programme_notification "
                                 "WHERE kind = 'upgrade.check'"),
        "counters": _counters(db),
    }


def _counters(db):
    """Every reference counter as (tenant id, kind, last), wherever the code of the day keeps them."""
    tables = set(db.tables())
    found = set()
    if "risks_registercounter" in tables:
        found |= set(db.query("SELECT tenant_id, kind, last FROM risks_registercounter"))
    if "benefits_benefitcounter" in tables:
        rows = db.query("SELECT tenant_id, last FROM benefits_benefitcounter")
        found |= {(tenant, "B", last) for tenant, last in rows}
    if "core_referencecounter" in tables:
        found |= set(db.query("SELECT tenant_id, kind, last FROM core_referencecounter"))
    return sorted(found)


def _databases():
    yield pytest.param("sqlite", id="sqlite")
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}:
        yield pytest.param(url, id="postgresql")


@pytest.mark.parametrize("server", list(_databases()))
def test_upgrade_from_previous_release_keeps_every_row(server, tmp_path):
    old_code = _previous_code(tmp_path / "previous")
    media = tmp_path / "media"
    with (SQLite(tmp_path) if server == "sqlite" else PostgreSQL(server)) as db:
        # The previous release creates its database and the demo, plus the rows about moved models above.
        _manage(old_code, db.url, media, "migrate", "--noinput", "-v0")
        _manage(old_code, db.url, media, "load_demo", "-v0")
        meeting_pk = int(_manage(old_code, db.url, media, "shell", "--no-imports", "-c", SEED).stdout.split()[-1])
        before = _snapshot(db)
        assert len(before["usernames"]) > 5 and before["rows"]["programme_meeting"] > 0
        assert before["rows"]["programme_lesson"] > 0 and before["rows"]["programme_notification"] > 0
        assert before["content_types"][before["notification"][0][0]] == ("programme", "meeting")

        # Today's migrate, on the same database.
        upgraded = _manage(REPO, db.url, media, "migrate", "--noinput")
        assert "recorded core.0001_initial as applied" in upgraded.stdout
        after = _snapshot(db)
        checked = _manage(REPO, db.url, media, "shell", "--no-imports", "-c", CHECK)
        read = json.loads(checked.stdout.strip().splitlines()[-1])
        makemigrations = _manage(REPO, db.url, media, "makemigrations", "--check", "--dry-run", check=False)

    # No table lost or gained a row (but for the new models' content types and permissions, and migrate's record).
    assert before["counters"] and set(before["counters"]) <= set(after["counters"]), "reference counters lost"
    for table, count in before["rows"].items():
        if table in RETIRED_TABLES:
            continue
        assert table in after["rows"], f"table {table} is gone"
        if table in GROWING_TABLES:
            assert after["rows"][table] >= count, table
        else:
            assert after["rows"][table] == count, f"{table}: {count} rows before the upgrade, {after['rows'][table]}"
    # ... and today's code reads every one of them through its models.
    unread = {table: (count, read["rows"].get(table)) for table, count in before["rows"].items()
              if table not in GROWING_TABLES and table in read["rows"] and read["rows"][table] != count}
    assert not unread, unread
    assert read["usernames"] == before["usernames"]
    assert read["meetings"] == before["rows"]["programme_meeting"]
    assert read["lessons"] == before["rows"]["programme_lesson"]
    assert set(before["rows"]) - set(read["rows"]) <= {"django_migrations", *RETIRED_TABLES}, "tables no model reads"

    # Content types keep their ids (so permissions, grants and notifications keep pointing at them) and follow
    # their models to the new apps: each names a model of today's code, and no model has two.
    models = set(read["models"])
    for pk, (app, model) in before["content_types"].items():
        assert after["content_types"].get(pk, (None, model))[1] == model, f"content type {pk} ({app}.{model})"
    stale = sorted(f"{app}.{model}" for app, model in after["content_types"].values()
                   if f"{app}.{model}" not in models and f"{app}.{model}" not in RETIRED_TABLES.values())
    assert not stale, f"content types naming no model: {stale}"
    assert len(set(after["content_types"].values())) == len(after["content_types"])
    by_name = {}
    for app, model in after["content_types"].values():
        by_name.setdefault(model, set()).add(app)
    assert not {model: apps for model, apps in by_name.items() if "programme" in apps and len(apps) > 1}
    moved = {"user": "core", "notification": "core", "auditevent": "core", "meeting": "meetings",
             "boardpack": "meetings", "agendaitem": "meetings", "lesson": "lifecycle",
             "historicalmeeting": "meetings", "historicalmembership": "core"}
    for model, app in moved.items():
        [pk] = [pk for pk, (old_app, name) in before["content_types"].items() if name == model]
        assert before["content_types"][pk] == ("programme", model)
        assert after["content_types"][pk] == (app, model), model
    assert read["content_types"] == [pk for name in ("meeting", "user", "lesson")
                                     for pk, value in before["content_types"].items() if value == ("programme", name)]

    # The notification's target, the object grant and the audit trail's labels.
    assert read["target"] == ["meetings.Meeting", meeting_pk]
    assert "view_meeting" in read["grant"]
    assert read["audit"] == ["core.user", "meetings.meeting", "programme.project"]

    # A demo user still logs in (and a wrong password is still refused); the models match the migrations.
    assert read["authenticated"] == "pmo.llr" and read["refused"]
    assert makemigrations.returncode == 0, makemigrations.stdout + makemigrations.stderr
