"""Row-level security on every tenant table (PostgreSQL only): defence in depth behind the scoped managers.

Tenant tables are every table with a ``tenant_id`` column (found by introspecting the database, so the
TenantModel tables, their ``Historical*`` tables, guardian's direct grant tables and anything added later
are covered alike) plus the auto-created many-to-many tables that join a tenant model (which have no
``tenant_id`` of their own). Each gets

    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON t
        USING (tenant_id = NULLIF(current_setting('bct.tenant_id', true), '')::bigint)
        WITH CHECK (tenant_id = NULLIF(current_setting('bct.tenant_id', true), '')::bigint);

A link table's policy is ``EXISTS`` on *both* joined rows (each subquery is itself filtered by its own
table's policy), so the database refuses a link from this tenant's row to another tenant's as well as a
link between two foreign rows; checking the parent alone would let the first through. A table whose
``tenant_id`` may be NULL is no exception: a row of no tenant is visible to no tenant. A few tables get a
second, narrow policy honoured only while ``bct.cross_tenant`` names it (``core.db.cross_tenant_lookup``,
``CROSS_TENANT_RULES`` below): the membership, API token and organisation tables for reading, the audit
trail for filing an event under another partnership. No policy is forced on the
table owner: the owner runs migrations; the application connects as a role that owns nothing
(``manage.py create_app_role``), so the policies bind it. ``core.db`` sets the two settings per
transaction.

Each policy carries a comment with a digest of its SQL, so ``apply`` can tell in one query which tables
already have the current policies; it runs from ``post_migrate`` (and ``flush``) and from
``manage.py apply_rls``, and ``check`` lists whatever is missing, stale or unexpected.
"""

import hashlib

from django.apps import apps
from django.db import connections, transaction

from core.db import AUDIT_WRITE, CROSS_TENANT_SETTING, MEMBERSHIP_LOOKUP, TENANT_SETTING

POLICY = "tenant_isolation"
MARKER = "bct-rls"
# The narrow exceptions, each honoured only while core.db.cross_tenant_lookup(kind) is active:
# (kind, model, command). "membership": the token look-ups by key hash (API and calendar feed tokens) and the
# membership look-up (with the organisation shown beside it) that decide which partnership a user acts in;
# read-only. "audit": the security
# trail files a login under each of the person's partnerships (or none), whichever tenant is active; the
# insert's RETURNING needs the row readable too. A model that is not installed is skipped.
CROSS_TENANT_RULES = (
    (MEMBERSHIP_LOOKUP, "core.Membership", "SELECT"),
    (MEMBERSHIP_LOOKUP, "core.ApiToken", "SELECT"),
    (MEMBERSHIP_LOOKUP, "core.CalendarFeedToken", "SELECT"),
    (MEMBERSHIP_LOOKUP, "core.Organisation", "SELECT"),
    # Single sign-on: the login page lists every partnership's enabled providers; a password login reads the
    # policies of the person's partnerships (core.accounts.sso).
    (MEMBERSHIP_LOOKUP, "core.IdentityProvider", "SELECT"),
    (MEMBERSHIP_LOOKUP, "core.SecurityPolicy", "SELECT"),
    (AUDIT_WRITE, "core.AuditEvent", "SELECT"),
    (AUDIT_WRITE, "core.AuditEvent", "INSERT"),
)

CURRENT_TENANT = f"NULLIF(current_setting('{TENANT_SETTING}', true), '')::bigint"


def _qn(connection, name):
    return connection.ops.quote_name(name)


def _tenant_columns(connection):
    """{table: tenant_id nullable?} for every ordinary table of the current schema with a tenant_id column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.is_nullable = 'YES' FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'"
        )
        return dict(cursor.fetchall())


def _link_tables(tenant_tables):
    """{table: [(fk column, target table, target pk column)]} for auto-created M2M tables joining a tenant model."""
    links = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.auto_created or not meta.managed or meta.db_table in tenant_tables:
            continue
        sides = [
            (field.column, field.related_model._meta.db_table, field.target_field.column)
            for field in meta.concrete_fields
            if field.is_relation and field.related_model._meta.db_table in tenant_tables
        ]
        if sides:
            links[meta.db_table] = sides
    return links


def _cross_policies():
    """{table: {policy name: (command, condition)}} of the cross-tenant exceptions."""
    found = {}
    for kind, label, command in CROSS_TENANT_RULES:
        try:
            table = apps.get_model(label)._meta.db_table
        except LookupError:
            continue
        condition = f"current_setting('{CROSS_TENANT_SETTING}', true) = '{kind}'"
        found.setdefault(table, {})[f"cross_{kind}_{command.lower()}"] = (command, condition)
    return found


def expected_policies(connection):
    """{table: {policy name: (command, condition)}} for this database: what ``apply`` creates."""
    tenant_tables = _tenant_columns(connection)
    cross = _cross_policies()
    expected = {}
    for table in tenant_tables:
        # Strict even where tenant_id may be NULL (history rows, the audit trail): a row of no tenant is no
        # tenant's, and the application reaches such rows only through an explicit cross-tenant exception.
        expected[table] = {POLICY: ("ALL", f"tenant_id = {CURRENT_TENANT}"), **cross.get(table, {})}
    for table, sides in _link_tables(tenant_tables).items():
        condition = " AND ".join(
            f"EXISTS (SELECT 1 FROM {_qn(connection, target)} p WHERE p.{_qn(connection, pk)} = "
            f"{_qn(connection, table)}.{_qn(connection, column)})"
            for column, target, pk in sides
        )
        expected[table] = {POLICY: ("ALL", condition)}
    return expected


def _digest(command, condition):
    return f"{MARKER}:{hashlib.sha256(f'{command} {condition}'.encode()).hexdigest()[:16]}"


def _wanted(policies):
    return {name: _digest(command, condition) for name, (command, condition) in policies.items()}


def _state(connection):
    """{table: (rls enabled, {policy name: comment})} for the ordinary tables of the current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, p.polname, obj_description(p.oid, 'pg_policy') "
            "FROM pg_class c LEFT JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
        )
        state = {}
        for table, enabled, policy, comment in cursor.fetchall():
            entry = state.setdefault(table, (enabled, {}))
            if policy is not None:
                entry[1][policy] = comment
        return state


def problems(connection):
    """What is missing, stale or unexpected, as sentences naming the table; empty when every table is covered."""
    found = []
    state = _state(connection)
    for table, expected in sorted(expected_policies(connection).items()):
        enabled, policies = state.get(table, (False, {}))
        wanted = _wanted(expected)
        if not enabled:
            found.append(f"{table}: row-level security is not enabled")
        for name, digest in wanted.items():
            if name not in policies:
                found.append(f"{table}: no {name} policy")
            elif policies[name] != digest:
                found.append(f"{table}: the {name} policy is not the current one")
        for name in sorted(set(policies) - set(wanted)):
            found.append(f"{table}: unexpected policy {name} (permissive policies widen access)")
    return found


def _stale_tables(connection):
    state = _state(connection)
    stale = []
    for table, expected in expected_policies(connection).items():
        enabled, policies = state.get(table, (False, {}))
        if not enabled or policies != _wanted(expected):
            stale.append(table)
    return sorted(stale)


def apply(using="default", force=False):
    """Enable RLS and (re)create the policies where they are missing or stale (all tables with ``force``).

    Idempotent; returns the tables it changed. Needs the tables' owner. No-op on other engines."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    expected = expected_policies(connection)
    tables = sorted(expected) if force else _stale_tables(connection)
    if not tables:
        return []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for table in tables:
            name = _qn(connection, table)
            cursor.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
            cursor.execute("SELECT polname FROM pg_policy WHERE polrelid = %s::regclass", [name])
            for (policy,) in cursor.fetchall():  # ours (to re-create) and any stray one (which would widen access)
                cursor.execute(f"DROP POLICY IF EXISTS {_qn(connection, policy)} ON {name}")
            for policy, (command, condition) in expected[table].items():
                clauses = {
                    "ALL": f"USING ({condition}) WITH CHECK ({condition})",
                    "SELECT": f"USING ({condition})",
                    "INSERT": f"WITH CHECK ({condition})",
                }[command]
                cursor.execute(f"CREATE POLICY {policy} ON {name} FOR {command} {clauses}")
                cursor.execute(f"COMMENT ON POLICY {policy} ON {name} IS %s", [_digest(command, condition)])
    return tables


def role_problems(using="default"):
    """Why the role ``using`` connects as would not be bound by the policies (superuser, BYPASSRLS, owner)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        user, superuser, bypass = cursor.fetchone()
        if superuser:
            found.append(f"{user} is a superuser: row-level security does not apply to it")
        if bypass:
            found.append(f"{user} has BYPASSRLS")
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND relrowsecurity AND pg_has_role(current_user, relowner, 'USAGE')"
        )
        owned = cursor.fetchone()[0]
        if owned:
            found.append(f"{user} owns (or is a member of the owner of) {owned} tables with row-level security")
    return found


def on_post_migrate(sender, using="default", verbosity=1, **kwargs):
    """After migrate (and flush): cover new tenant tables at once, so no app has to remember."""
    if connections[using].vendor != "postgresql":
        return
    changed = apply(using)
    if changed and verbosity >= 2:
        print(f"  Row-level security applied to {len(changed)} tables.")


def connect_signals(app_config):
    """From ProgrammeConfig.ready(): the per-transaction tenant on every connection, and policies after migrate."""
    from django.db.models.signals import post_migrate

    from core import db

    db.connect_signals()
    post_migrate.connect(on_post_migrate, sender=app_config, dispatch_uid="core.rls.on_post_migrate")
