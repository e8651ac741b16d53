"""Row-level security's per-transaction tenant, outside requests: Celery tasks and the wrapper's choices.

Runs on both engines (nothing here needs PostgreSQL's policies): a task sent while a tenant is active
carries it and runs in it, so the id look-ups tasks start with find their rows under the policies.
"""

from types import SimpleNamespace

import pytest

from core import db
from core.tenancy import get_current_tenant_id, tenant_context


@pytest.mark.django_db
def test_a_task_sent_in_a_tenant_runs_in_it(llr):
    headers = {}
    with tenant_context(llr):
        db._stamp_task(headers=headers)
    assert headers == {db.TASK_HEADER: llr.pk}
    task = SimpleNamespace(request=SimpleNamespace(**headers))
    db._enter_task_tenant(task_id="t1", task=task)
    try:
        assert get_current_tenant_id() == llr.pk
    finally:
        db._leave_task_tenant(task_id="t1")
    assert get_current_tenant_id() is None


def test_a_task_sent_with_no_tenant_carries_none():
    headers = {}
    db._stamp_task(headers=headers)
    assert headers == {}
    db._enter_task_tenant(task_id="t2", task=SimpleNamespace(request=SimpleNamespace()))
    assert get_current_tenant_id() is None
    db._leave_task_tenant(task_id="t2")


def test_the_prefix_holds_only_an_integer_and_a_known_kind():
    assert db.settings_sql(7, "membership") == (
        "SELECT set_config('bct.tenant_id', '7', true), set_config('bct.cross_tenant', 'membership', true)")
    assert db.settings_sql(None) == (
        "SELECT set_config('bct.tenant_id', '', true), set_config('bct.cross_tenant', '', true)")
    with pytest.raises(ValueError):
        db.settings_sql("7'; DROP TABLE x; --")
    with pytest.raises(ValueError):
        db.settings_sql(7, "everything")
    with pytest.raises(ValueError), db.cross_tenant_lookup("everything"):
        pass


@pytest.mark.parametrize("sql,data", [
    ("SELECT 1", True), ("  insert into t values (1)", True), ("UPDATE t SET a = 1", True), ("DELETE FROM t", True),
    ("WITH x AS (SELECT 1) SELECT * FROM x", True), ("(SELECT 1) UNION (SELECT 2)", True),
    ("/* c */ SELECT 1", True), ("EXPLAIN SELECT 1", True),
    ("SAVEPOINT s1", False), ("RELEASE SAVEPOINT s1", False), ("CREATE INDEX CONCURRENTLY i ON t (a)", False),
    ("ALTER TABLE t ENABLE ROW LEVEL SECURITY", False), ("VACUUM t", False), ("SET TIME ZONE 'UTC'", False),
])
def test_only_data_statements_get_the_prefix(sql, data):
    assert db._is_data_statement(sql) is data
