"""``manage.py export_tenant SLUG --output PATH``: a partnership's complete, versioned archive (.zip or directory).

Every row of the partnership in every model with a tenant (history included), its many-to-many links, the
people its rows name and the files they point to; the format is described in ``core.archive``.
``import_tenant`` restores it into a database without that partnership.
"""

from django.core.management.base import BaseCommand, CommandError

from core.archive import ArchiveError
from core.archive.exporting import export_tenant
from core.management.commands.create_api_token import partnership_by_slug


class Command(BaseCommand):
    help = "Write a partnership's complete archive (rows, history, links, users, files) to a .zip or directory."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The partnership to export.")
        parser.add_argument("--output", required=True, help="A .zip file name, or a new directory.")
        parser.add_argument("--database", default="default", help="The connection to read (default: default).")

    def handle(self, slug, output, database="default", **options):
        tenant = partnership_by_slug(slug)
        try:
            path, manifest = export_tenant(tenant, output, using=database)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Exported {slug}: {manifest['rows']} rows of {len(manifest['models'])} models, "
                          f"{manifest['users']} users, {len(manifest['media'])} files, to {path}")
