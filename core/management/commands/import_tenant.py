"""``manage.py import_tenant PATH``: restore a partnership archive made by ``export_tenant``, all or nothing.

Refuses, before writing anything, an archive of unknown format or version, a partnership whose slug (or id)
is already here, ids already taken, or a database missing migrations the archive was made with. Users are
matched by username or created with an unusable password. Run it as the tables' owner (``--database owner``
when ``DATABASE_OWNER_URL`` is set): it moves the id sequences past the restored rows.
"""

from django.core.management.base import BaseCommand, CommandError

from core.archive import ArchiveError
from core.archive.importing import import_tenant
from core.management.commands.apply_rls import owner_alias


class Command(BaseCommand):
    help = "Restore a partnership from an export_tenant archive (.zip or directory) into this database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive: a .zip file or a directory.")
        parser.add_argument("--database", default=None,
                            help="Connection to write (default: owner if set, else default).")

    def handle(self, path, database=None, **options):
        try:
            summary = import_tenant(path, using=database or owner_alias())
        except ArchiveError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Imported {summary['tenant'].slug}: {summary['rows']} rows of {len(summary['models'])} "
                          f"models, {summary['users_created']} users created, {summary['media']} files.")
