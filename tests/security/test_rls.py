"""PostgreSQL row-level security: a query that forgets its tenant returns nothing (core.rls, core.db).

These tests create a role that owns nothing and is no superuser (``manage.py create_app_role``'s code), grant
it the data privileges in the test database, and connect as it, both with psycopg2 directly (the policies
alone) and as Django's default connection (the policies with the per-transaction execute wrapper). The demo
data was committed when the test database was set up, so the second connection sees it. The role is
``$RLS_TEST_ROLE`` (default ``bct_app``, which .ci/run creates; it is created here when missing).
"""

import os
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction

from core import rls
from core.db import cross_tenant_lookup, settings_sql, tenant_execute_wrapper
from core.tenancy import tenant_context

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL's (CI runs these on PostgreSQL)"
)

ROLE = os.environ.get("RLS_TEST_ROLE", "bct_app")
PASSWORD = os.environ.get("RLS_TEST_ROLE_PASSWORD", "bct-app-test-password")


def _owner_count(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, committed (again: a transactional test that ran before may have flushed the database)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(scope="module")
def app_role(demo, django_db_blocker):
    """The application role, with its grants in the test database (committed); its psycopg2 connect kwargs."""
    from core.management.commands.create_app_role import ensure_app_role

    with django_db_blocker.unblock():
        ensure_app_role("default", ROLE, PASSWORD)
        settings = connection.settings_dict
        return {
            "dbname": settings["NAME"], "user": ROLE, "password": PASSWORD,
            "host": settings.get("HOST") or "127.0.0.1", "port": settings.get("PORT") or 5432,
        }


@pytest.fixture
def app_conn(app_role):
    import psycopg2

    conn = psycopg2.connect(**app_role)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def connected_as(role, password):
    """Django's default connection as ``role`` for the block (the execute wrapper included), then as before."""
    default = connections["default"]
    saved = default.settings_dict["USER"], default.settings_dict["PASSWORD"]
    default.close()
    default.settings_dict["USER"], default.settings_dict["PASSWORD"] = role, password
    try:
        yield default
    finally:
        default.close()
        default.settings_dict["USER"], default.settings_dict["PASSWORD"] = saved


@pytest.fixture(scope="module")
def demo_counts(demo, django_db_blocker):
    """Row counts per tenant, read as the owner before any test switches role."""
    from core.models import Partnership

    with django_db_blocker.unblock():
        tenants = {p.slug: p.pk for p in Partnership.objects.all()}
        risks = {slug: _owner_count("SELECT count(*) FROM risks_risk WHERE tenant_id = %s", [pk])
                 for slug, pk in tenants.items()}
        admin_memberships = _owner_count(
            "SELECT count(*) FROM programme_membership m JOIN programme_user u ON u.id = m.user_id "
            "WHERE u.username = 'admin'"
        )
    return {"tenants": tenants, "risks": risks, "admin_memberships": admin_memberships}


# The policies alone (psycopg2, no Django) ------------------------------------------------------------------------


def test_with_the_tenant_set_a_bare_select_returns_only_that_tenants_rows(app_conn, demo_counts):
    llr = demo_counts["tenants"]["llr"]
    with app_conn, app_conn.cursor() as cursor:
        cursor.execute(settings_sql(llr))
        cursor.execute("SELECT tenant_id FROM risks_risk")
        rows = cursor.fetchall()
    assert len(rows) == demo_counts["risks"]["llr"] > 0
    assert {tenant for (tenant,) in rows} == {llr}


def test_with_nothing_set_every_tenant_table_is_empty(app_conn, django_db_blocker):
    with django_db_blocker.unblock():
        tables = sorted(rls.expected_policies(connection))
    with app_conn, app_conn.cursor() as cursor:
        nonempty = []
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            if cursor.fetchone()[0]:
                nonempty.append(table)
    assert nonempty == []
    assert "risks_risk" in tables and "risks_historicalrisk" in tables and "programme_project_depends_on" in tables


def test_a_row_of_another_tenant_is_refused_on_insert_and_update(app_conn, demo_counts):
    import psycopg2

    llr, north = demo_counts["tenants"]["llr"], demo_counts["tenants"]["northshire"]
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_conn, app_conn.cursor() as cursor:
            cursor.execute(settings_sql(llr))
            cursor.execute("INSERT INTO programme_objective (tenant_id, code, title, description) "
                           "VALUES (%s, 'SOX', 'Planted', '')", [north])
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_conn, app_conn.cursor() as cursor:
            cursor.execute(settings_sql(llr))
            cursor.execute("UPDATE programme_objective SET tenant_id = %s", [north])
    with app_conn, app_conn.cursor() as cursor:  # its own tenant's row is accepted (and rolled back)
        cursor.execute(settings_sql(llr))
        cursor.execute("INSERT INTO programme_objective (tenant_id, code, title, description) "
                       "VALUES (%s, 'SOX', 'Own', '') RETURNING id", [llr])
        assert cursor.fetchone()[0]
        app_conn.rollback()


def test_a_link_to_another_tenants_row_is_refused(app_conn, demo_counts, django_db_blocker):
    """Many-to-many tables have no tenant_id: their policy requires both joined rows to be visible."""
    import psycopg2

    llr, north = demo_counts["tenants"]["llr"], demo_counts["tenants"]["northshire"]
    with django_db_blocker.unblock():
        north_project = _owner_count("SELECT min(id) FROM programme_project WHERE tenant_id = %s", [north])
        llr_project = _owner_count("SELECT min(id) FROM programme_project WHERE tenant_id = %s", [llr])
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_conn, app_conn.cursor() as cursor:
            cursor.execute(settings_sql(north))
            cursor.execute("INSERT INTO programme_project_depends_on (from_project_id, to_project_id) "
                           "VALUES (%s, %s)", [north_project, llr_project])


def test_the_setting_does_not_outlive_its_transaction(app_conn, demo_counts):
    llr = demo_counts["tenants"]["llr"]
    with app_conn, app_conn.cursor() as cursor:
        cursor.execute(settings_sql(llr))
        cursor.execute("SELECT count(*) FROM risks_risk")
        assert cursor.fetchone()[0] == demo_counts["risks"]["llr"]
    with app_conn, app_conn.cursor() as cursor:  # the next transaction on the same (pooled) connection
        cursor.execute("SELECT current_setting('bct.tenant_id', true), count(*) FROM risks_risk")
        assert cursor.fetchone() in [("", 0), (None, 0)]
    app_conn.autocommit = True
    with app_conn.cursor() as cursor:  # autocommit: a prefixed statement's setting ends with it
        cursor.execute(f"{settings_sql(llr)}; SELECT count(*) FROM risks_risk")
        assert cursor.fetchone()[0] == demo_counts["risks"]["llr"]
        cursor.execute("SELECT count(*) FROM risks_risk")
        assert cursor.fetchone()[0] == 0


def test_the_membership_lookup_opens_memberships_and_tokens_only_and_read_only(app_conn, demo_counts):
    import psycopg2

    with app_conn, app_conn.cursor() as cursor:
        cursor.execute(settings_sql(None, "membership"))
        cursor.execute("SELECT count(*) FROM programme_membership m JOIN programme_user u ON u.id = m.user_id "
                       "WHERE u.username = 'admin'")
        assert cursor.fetchone()[0] == demo_counts["admin_memberships"] == 2
        cursor.execute("SELECT count(*) FROM risks_risk")
        assert cursor.fetchone()[0] == 0
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        with app_conn, app_conn.cursor() as cursor:
            cursor.execute(settings_sql(None, "membership"))
            cursor.execute("INSERT INTO programme_membership (tenant_id, user_id) SELECT %s, id FROM programme_user "
                           "WHERE username = 'pmo.north'", [demo_counts["tenants"]["llr"]])
    with app_conn, app_conn.cursor() as cursor:  # an unknown kind opens nothing
        cursor.execute("SELECT set_config('bct.cross_tenant', 'everything', true)")
        cursor.execute("SELECT count(*) FROM programme_membership")
        assert cursor.fetchone()[0] == 0


def test_the_app_role_is_bound_by_the_policies(app_role, django_db_blocker):
    with django_db_blocker.unblock(), connected_as(ROLE, PASSWORD):
        assert rls.role_problems("default") == []
    with django_db_blocker.unblock():
        assert rls.role_problems("default"), "the test database's owner is not bound: the check must say so"


# Coverage of the tables --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_tenant_table_has_the_current_policy():
    from django.apps import apps

    assert rls.problems(connection) == []
    covered = set(rls.expected_policies(connection))
    for model in apps.get_models(include_auto_created=True):
        if any(field.column == "tenant_id" for field in model._meta.concrete_fields):
            assert model._meta.db_table in covered, model
    assert {"programme_project_objectives", "risks_risk_objectives", "benefits_benefit_projects"} <= covered


@pytest.mark.django_db
def test_a_dropped_policy_is_reported_and_restored(django_db_blocker):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with connection.cursor() as cursor:  # inside the test's transaction: rolled back afterwards
        cursor.execute("DROP POLICY tenant_isolation ON risks_risk")
        cursor.execute("CREATE POLICY leak ON programme_project USING (true)")
    assert "risks_risk: no tenant_isolation policy" in rls.problems(connection)
    assert any("unexpected policy leak" in line for line in rls.problems(connection))
    with pytest.raises(CommandError, match="row-level security problems"):
        call_command("apply_rls", "--check", database="default")
    assert rls.apply("default") == ["programme_project", "risks_risk"]
    assert rls.problems(connection) == []
    call_command("apply_rls", "--check", database="default")


# Through Django: the execute wrapper -------------------------------------------------------------------------------


def test_the_orm_as_the_app_role_sees_only_the_active_tenant(app_role, demo_counts, django_db_blocker):
    from core.models import Membership, Partnership, User
    from risks.models import Risk

    with django_db_blocker.unblock(), connected_as(ROLE, PASSWORD) as default:
        assert tenant_execute_wrapper in default.execute_wrappers or default.ensure_connection() is None
        assert tenant_execute_wrapper in default.execute_wrappers
        llr = Partnership.objects.get(slug="llr")
        assert Risk.all_tenants.count() == 0  # no tenant: nothing, even through the unscoped manager
        with tenant_context(llr):
            assert Risk.all_tenants.count() == demo_counts["risks"]["llr"] > 0
            assert set(Risk.all_tenants.values_list("tenant_id", flat=True)) == {llr.pk}
            with transaction.atomic():  # once inside a transaction, and after a savepoint rollback
                assert Risk.all_tenants.count() == demo_counts["risks"]["llr"]
                try:
                    with transaction.atomic():
                        assert Risk.all_tenants.count() == demo_counts["risks"]["llr"]
                        raise RuntimeError
                except RuntimeError:
                    pass
                assert Risk.all_tenants.count() == demo_counts["risks"]["llr"]
            # A server-side cursor (QuerySet.iterator) in autocommit and inside a transaction.
            assert sum(1 for _ in Risk.all_tenants.values_list("pk").iterator(chunk_size=7)) == demo_counts[
                "risks"]["llr"]
            with transaction.atomic():
                assert len(list(Risk.all_tenants.values_list("pk").iterator(chunk_size=7))) == demo_counts[
                    "risks"]["llr"]
        with transaction.atomic(), tenant_context(llr):
            assert Risk.all_tenants.count() == demo_counts["risks"]["llr"]
        with transaction.atomic():  # the tenant ended but the transaction goes on: its setting does not
            with tenant_context(llr):
                assert Risk.all_tenants.exists()
            assert Risk.all_tenants.count() == 0
        admin = User.objects.get(username="admin")
        assert Membership.all_tenants.filter(user=admin).count() == 0
        with cross_tenant_lookup():
            assert Membership.all_tenants.filter(user=admin).count() == demo_counts["admin_memberships"]
            assert Risk.all_tenants.count() == 0


def test_executemany_and_fetch_return_the_real_statements_results(app_role, demo_counts, django_db_blocker):
    with django_db_blocker.unblock(), connected_as(ROLE, PASSWORD) as default:
        llr = demo_counts["tenants"]["llr"]
        with tenant_context(_partnership(llr)), transaction.atomic():
            with default.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO core_referencecounter (tenant_id, kind, last) VALUES (%s, %s, %s)",
                    [(llr, "zz1", 1), (llr, "zz2", 2)],
                )
                cursor.execute("SELECT kind, last FROM core_referencecounter WHERE kind LIKE %s ORDER BY kind",
                               ["zz%"])
                assert cursor.fetchall() == [("zz1", 1), ("zz2", 2)]
                cursor.execute("UPDATE core_referencecounter SET last = last + 1 WHERE kind LIKE 'zz%%'")
                assert cursor.rowcount == 2
                transaction.set_rollback(True)


def _partnership(pk):
    from core.models import Partnership

    return Partnership.objects.get(pk=pk)


def test_the_wrapper_is_on_every_postgresql_connection():
    assert tenant_execute_wrapper in connection.execute_wrappers or connection.connection is None
