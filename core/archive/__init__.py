"""A partnership's complete, versioned archive: ``manage.py export_tenant`` and ``manage.py import_tenant``.

Format (version 1), a .zip or a directory holding:

- ``manifest.json``: ``format`` ("bct-tenant-archive"), ``version``, when and from which partnership it was
  made, every model's label, file and row count, the applied migrations of every app, and every media file
  with its SHA-256;
- ``partnership.json``: the partnership's own row; ``users.json``: the people its rows name (username, names,
  email, active; never password hashes nor staff or superuser flags);
- ``data/<app_label>.<model>.json``: every row of the partnership in every model that has a ``tenant``
  foreign key (TenantModels, their history, guardian's grant tables, the audit trail), and of every
  auto-created many-to-many table joining them, in Django's JSON serialisation with users, content types and
  permissions written by natural key (so they resolve in any database), ordered by primary key;
- ``media/<name>``: the files its rows' file fields name (board-pack PDFs).

The models are found by walking the app registry (``models.tenant_models`` / ``models.link_models``), so a
model added later is included without changing this package. Primary keys are preserved: an archive restores
into a database where its partnership's slug and its rows' ids are free (a new database, or one the
partnership was removed from), and ``import_tenant`` refuses otherwise before writing anything. Users are
matched by username and created (with an unusable password: they reset it) when missing.
"""

FORMAT = "bct-tenant-archive"
VERSION = 1


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why, for the operator."""
