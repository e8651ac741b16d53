"""``manage.py create_app_role NAME --password PW``: the role the application connects as under row-level security.

Run as the tables' owner (``--database owner`` when ``DATABASE_OWNER_URL`` is set; any role that owns the
tables and may create roles). Creates ``NAME`` as a login role that is no superuser, cannot bypass
row-level security, create databases or roles, and owns nothing; grants it SELECT/INSERT/UPDATE/DELETE on
every table and USAGE/SELECT on every sequence of the schema, CONNECT on the database, and the same by
default on whatever the owner creates later (so new migrations need no new grants). Idempotent: an
existing role gets its password changed (when one is given) and the grants again; a role that is a
superuser, has BYPASSRLS, or owns (or inherits the owner of) the tables is refused, since the policies
would not bind it. Then point ``DATABASE_URL`` at it and keep the owner in ``DATABASE_OWNER_URL``.
"""

import os
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from core.management.commands.apply_rls import owner_alias

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _fmt(cursor, template, *values):
    """Let PostgreSQL quote identifiers (%I) and literals (%L) with format()."""
    cursor.execute("SELECT format(%s, " + ", ".join(["%s"] * len(values)) + ")", [template, *values])
    return cursor.fetchone()[0]


def ensure_app_role(using, name, password=None):
    """Create or update the role and grant it the data privileges in ``using``'s database; returns sentences."""
    if not ROLE_NAME.match(name):
        raise CommandError(f"{name!r} is not a plain role name (lower-case letters, digits and _).")
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise CommandError(f"An application role needs PostgreSQL; {using} is {connection.vendor}.")
    done = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cursor.fetchone()
        if name == owner:
            raise CommandError(f"{name} is the role this command runs as (the owner); choose another name.")
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [name])
        row = cursor.fetchone()
        if row is None:
            if not password:
                raise CommandError(f"Role {name} does not exist yet: give it a --password.")
            cursor.execute(_fmt(cursor, "CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                                        "NOCREATEROLE NOREPLICATION", name, password))
            done.append(f"created role {name}")
        else:
            superuser, bypass = row
            if superuser or bypass:
                raise CommandError(f"Role {name} is a superuser or has BYPASSRLS: row-level security would not "
                                   "bind it. Choose another name.")
            if password:
                cursor.execute(_fmt(cursor, "ALTER ROLE %I LOGIN PASSWORD %L", name, password))
            done.append(f"role {name} exists" + ("; password changed" if password else ""))
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
            "AND pg_has_role(%s, relowner, 'USAGE')", [name]
        )
        if cursor.fetchone()[0]:
            raise CommandError(f"Role {name} owns (or inherits the owner of) tables in {schema}: "
                               "the policies would not bind it. Choose another role.")
        cursor.execute(_fmt(cursor, "GRANT CONNECT ON DATABASE %I TO %I", database, name))
        for template in (
            "GRANT USAGE ON SCHEMA %I TO %I",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I",
        ):
            cursor.execute(_fmt(cursor, template, schema, name))
        for template in (
            "ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I",
            "ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I",
        ):
            cursor.execute(_fmt(cursor, template, owner, schema, name))
        done.append(f"granted data privileges on {database}.{schema} (and on tables {owner} creates later)")
    return done


class Command(BaseCommand):
    help = "Create (or update) the non-owner, non-superuser role the application connects as (row-level security)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--password", default=None,
                            help="Its password (default: $APP_ROLE_PASSWORD; needed to create the role).")
        parser.add_argument("--database", default=None,
                            help="Connection to run as (default: owner if set, else default).")

    def handle(self, name, password=None, database=None, **options):
        password = password or os.environ.get("APP_ROLE_PASSWORD") or None
        for line in ensure_app_role(database or owner_alias(), name, password):
            self.stdout.write(line)
