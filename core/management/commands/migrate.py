"""``manage.py migrate``: Django's own, able to upgrade a database created before the kernel app ``core`` existed.

Why: until commit 18006f3 the user model was ``programme.User``. It is now ``core.User`` (same table,
``programme_user``: ``core.0001_initial`` only adds Django's *state*, inside ``SeparateDatabaseAndState``).
Third-party migrations that such a database has already applied (admin.0001, guardian.0001, otp_totp.0001)
declare ``swappable_dependency(settings.AUTH_USER_MODEL)``, which now means ``core.0001_initial``; Django
therefore refuses to run at all ("InconsistentMigrationHistory: Migration admin.0001_initial is applied before
its dependency core.0001_initial"). Applying ``core.0001_initial`` would change no table, only record it, so on
such a database (``programme.0006_lifecycle_comments`` recorded, ``core.0001_initial`` not) this command records
it first, says so in one line, and then runs Django's ``migrate`` unchanged. A new database (no ``django_migrations``
table yet) and an up-to-date one are left to Django as they are. With ``--database`` it looks at that
connection. ``--plan`` and ``--check`` record it too: without it they cannot run on such a database at all,
and the record is exactly what any later ``migrate`` would write. tests/test_upgrade.py proves the upgrade.
"""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

KERNEL_FIRST = ("core", "0001_initial")
# The last migration of the previous code (one app, ``programme``), on which core.0001_initial depends: its
# tables exist once it is recorded.
PREVIOUS_LAST = ("programme", "0006_lifecycle_comments")


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + " Records core.0001_initial (state only) on a database created before it."

    def handle(self, *args, **options):
        self.adopt_kernel(options["database"], options["verbosity"])
        return super().handle(*args, **options)

    def adopt_kernel(self, database, verbosity=1):
        """Record ``core.0001_initial`` as applied on a pre-kernel database; True if it did."""
        recorder = MigrationRecorder(connections[database])
        if not recorder.has_table():
            return False
        applied = recorder.applied_migrations()
        if KERNEL_FIRST in applied or PREVIOUS_LAST not in applied:
            return False
        recorder.record_applied(*KERNEL_FIRST)
        if verbosity >= 1:
            self.stdout.write(
                f"Database '{database}' predates the kernel app: recorded core.0001_initial as applied "
                "(it moves models' state only; their tables stay)."
            )
        return True
