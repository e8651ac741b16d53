"""``manage.py apply_rls [--check] [--force] [--database ALIAS]``: row-level security on every tenant table.

Run as the tables' owner (``--database owner`` when ``DATABASE_OWNER_URL`` is set). ``migrate`` already
does the same after every run (``core.rls.on_post_migrate``); this command is for an existing
database, for repairs and for CI. ``--check`` changes nothing: it lists every tenant table whose policy is
missing, stale or joined by an unexpected one, and whether the application's connection (``default``)
would be bound by them at all; it exits non-zero on any problem.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from core import rls


def owner_alias():
    return "owner" if "owner" in connections.settings else DEFAULT_DB_ALIAS


class Command(BaseCommand):
    help = "Enable PostgreSQL row-level security with the tenant policy on every tenant table (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report tables without the policy; change nothing.")
        parser.add_argument("--force", action="store_true", help="Re-create every policy, current or not.")
        parser.add_argument("--database", default=None, help="Connection to use (default: owner if set, else default).")
        parser.add_argument(
            "--require-app-role", action="store_true",
            help="With --check: also fail when the default connection's role is not bound by the policies.",
        )

    def handle(self, *args, check=False, force=False, database=None, require_app_role=False, **options):
        using = database or owner_alias()
        if connections[using].vendor != "postgresql":
            raise CommandError(f"Row-level security needs PostgreSQL; {using} is {connections[using].vendor}.")
        if check:
            return self._check(using, require_app_role)
        changed = rls.apply(using, force=force)
        self.stdout.write(f"Row-level security: {len(changed)} tables (re)applied, "
                          f"{len(rls.expected_policies(connections[using]))} tenant tables covered.")

    def _check(self, using, require_app_role):
        problems = rls.problems(connections[using])
        role = rls.role_problems(DEFAULT_DB_ALIAS)
        for line in problems:
            self.stderr.write(f"problem: {line}")
        for line in role:
            self.stderr.write(f"app role: {line}")
        covered = len(rls.expected_policies(connections[using]))
        if problems or (require_app_role and role):
            raise CommandError(f"{len(problems)} row-level security problems in {covered} tenant tables"
                               + (f"; the application's role: {'; '.join(role)}" if role else "") + ".")
        note = f" (The default connection is not bound by them: {'; '.join(role)}.)" if role else ""
        self.stdout.write(f"Row-level security: all {covered} tenant tables have the current policies.{note}")
