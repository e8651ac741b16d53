"""Tell PostgreSQL which tenant each statement acts for: the other half of row-level security (core.rls).

Every tenant table has a policy that admits only the rows whose ``tenant_id`` equals the transaction-local
setting ``bct.tenant_id``. This module sets it: an execute wrapper installed on every PostgreSQL connection
(``install``, from the ``connection_created`` signal, so requests, tasks, commands and tests alike) puts

    SELECT set_config('bct.tenant_id', '<id>', true), set_config('bct.cross_tenant', '<kind>', true);

in front of each data statement, in the same ``execute`` call. PostgreSQL runs a multi-statement string
in one transaction even in autocommit mode, and ``set_config(..., true)`` is transaction-local, so the
value applies to exactly that statement's transaction and can never outlive it on a pooled or persistent
connection (never a session-wide ``SET``). psycopg2 hands back the last statement's result, so
``fetch*``, ``rowcount`` and ``description`` are the real statement's; ``executemany`` runs the prefixed
statement once per parameter set. The tenant id is an int and the kind one of a fixed set, so the prefix
holds no placeholders and needs no escaping.

Cost (measured on this 2-core machine, loopback PostgreSQL 15): the wrapper's Python is ~9 µs and the prefix
~25 µs of server time per statement, with no extra round trip; a separate ``set_config`` execute costs
~100 µs (a round trip) per autocommit statement, and doing it once per transaction needs book-keeping
that savepoint rollbacks (which undo ``set_config``) make error-prone. The prefix is written on every data
statement inside a transaction (so a ``tenant_context`` that changes mid-transaction, or ends, is
followed at once), and in autocommit only when there is something to set.

Server-side cursors (``QuerySet.iterator()`` on PostgreSQL) run ``DECLARE ... CURSOR FOR <sql>``, which
takes one statement only: the setting is made by a separate statement in the same transaction, and in
autocommit mode the ``DECLARE ... WITH HOLD`` is wrapped in a short transaction whose commit materialises
the cursor while the setting still applies.

``cross_tenant_lookup()`` is the narrow, explicit bypass: inside it ``bct.cross_tenant`` is
``'membership'``, which only the membership, API token, calendar feed token and organisation tables' SELECT
policies honour (the token look-ups by key hash, and the membership look-up that decides which partnership a
user acts in).
``cross_tenant_lookup(AUDIT_WRITE)`` likewise lets the security audit trail file an event under any
partnership (or none); ``core.rls.CROSS_TENANT_RULES`` lists which table honours which kind.
"""

import contextvars
from contextlib import contextmanager

from django.db import connections, transaction

from core.tenancy import get_current_tenant_id

TENANT_SETTING = "bct.tenant_id"
CROSS_TENANT_SETTING = "bct.cross_tenant"
MEMBERSHIP_LOOKUP = "membership"
AUDIT_WRITE = "audit"
_KINDS = {"", MEMBERSHIP_LOOKUP, AUDIT_WRITE}

_cross_tenant = contextvars.ContextVar("bct_cross_tenant", default="")

# Statements that read or write rows (and a leading comment: fail closed); DDL, SAVEPOINT, SET, VACUUM and the
# like are left alone, some of them cannot run inside the implicit transaction of a multi-statement string.
_DATA_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "TABLE", "EXPLAI", "(", "/*", "--")


@contextmanager
def cross_tenant_lookup(kind=MEMBERSHIP_LOOKUP):
    """Let the statements inside reach the rows of every partnership that ``kind``'s policies open, no more:
    "membership" reads memberships, API and calendar feed tokens and organisations; "audit" writes the audit trail."""
    if kind not in _KINDS:
        raise ValueError(f"Unknown cross-tenant lookup {kind!r}.")
    token = _cross_tenant.set(kind)
    try:
        yield
    finally:
        _cross_tenant.reset(token)


def current_cross_tenant():
    return _cross_tenant.get()


def settings_sql(tenant_id=None, cross=""):
    """The statement that makes ``tenant_id`` (and the cross-tenant kind) current for this transaction."""
    tenant = "" if tenant_id is None else str(int(tenant_id))
    if cross not in _KINDS:
        raise ValueError(f"Unknown cross-tenant lookup {cross!r}.")
    return (
        f"SELECT set_config('{TENANT_SETTING}', '{tenant}', true), "
        f"set_config('{CROSS_TENANT_SETTING}', '{cross}', true)"
    )


def _is_data_statement(sql):
    return isinstance(sql, str) and sql.lstrip()[:6].upper().startswith(_DATA_STATEMENTS)


def tenant_execute_wrapper(execute, sql, params, many, context):
    """A ``connection.execute_wrapper``: run ``sql`` with the active tenant set for its transaction."""
    if not _is_data_statement(sql):
        return execute(sql, params, many, context)
    connection = context["connection"]
    tenant_id = get_current_tenant_id()
    cross = _cross_tenant.get()
    autocommit = connection.get_autocommit() and not connection.in_atomic_block
    if autocommit and tenant_id is None and not cross:
        # Nothing to set, and nothing set earlier can still apply: each autocommit statement is its own transaction.
        return execute(sql, params, many, context)
    prefix = settings_sql(tenant_id, cross)
    raw_cursor = getattr(context["cursor"], "cursor", None)
    if getattr(raw_cursor, "name", None):
        return _execute_named(connection, prefix, execute, sql, params, many, context, autocommit)
    return execute(f"{prefix}; {sql}", params, many, context)


def _execute_named(connection, prefix, execute, sql, params, many, context, autocommit):
    """A server-side cursor's DECLARE takes a single statement: set the tenant just before it, same transaction."""
    if autocommit:
        with transaction.atomic(using=connection.alias):
            _set_directly(connection, prefix)
            return execute(sql, params, many, context)
    _set_directly(connection, prefix)
    return execute(sql, params, many, context)


def _set_directly(connection, prefix):
    with connection.connection.cursor() as cursor:  # the DB-API cursor: not wrapped again
        cursor.execute(prefix)


def install(connection):
    """Add the wrapper to a PostgreSQL connection once (it survives reconnects)."""
    if connection.vendor != "postgresql":
        return
    if tenant_execute_wrapper not in connection.execute_wrappers:
        # First in the list is outermost: a test's ``with connection.execute_wrapper(...)`` pops its own off the
        # end even when the connection was opened inside it. Wrappers added later see the statement with its prefix.
        connection.execute_wrappers.insert(0, tenant_execute_wrapper)


def on_connection_created(sender, connection, **kwargs):
    install(connection)


# Celery: a task sent while a tenant is active runs in it. Tasks take ids (STYLE.md) and many look their row
# up before entering a tenant_context; under row-level security that look-up needs the tenant already set.
TASK_HEADER = "bct_tenant_id"
_task_tokens = {}


def _stamp_task(sender=None, headers=None, **kwargs):
    tenant_id = get_current_tenant_id()
    if headers is not None and tenant_id is not None:
        headers[TASK_HEADER] = tenant_id


def _enter_task_tenant(task_id=None, task=None, **kwargs):
    tenant_id = getattr(getattr(task, "request", None), TASK_HEADER, None)
    if tenant_id is None:
        return
    from core.models import Partnership
    from core.tenancy import activate

    tenant = Partnership.objects.filter(pk=tenant_id).first()
    if tenant is not None:
        _task_tokens[task_id] = activate(tenant)


def _leave_task_tenant(task_id=None, **kwargs):
    from core.tenancy import deactivate

    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            deactivate(token)
        except ValueError:  # reset from another context: the worker's next task starts clean anyway
            pass


def connect_signals():
    from celery.signals import before_task_publish, task_postrun, task_prerun
    from django.db.backends.signals import connection_created

    before_task_publish.connect(_stamp_task, weak=False, dispatch_uid="core.db.stamp_task")
    task_prerun.connect(_enter_task_tenant, weak=False, dispatch_uid="core.db.enter_task_tenant")
    task_postrun.connect(_leave_task_tenant, weak=False, dispatch_uid="core.db.leave_task_tenant")

    connection_created.connect(on_connection_created, dispatch_uid="core.db.tenant_execute_wrapper")
    for connection in connections.all(initialized_only=True):
        install(connection)
