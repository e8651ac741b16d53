"""Restore a partnership's archive (see ``core.archive``): all or nothing, in one transaction."""

import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.tenancy import tenant_context

from . import FORMAT, VERSION, ArchiveError
from .exporting import USER_FIELDS, applied_migrations


class Archive:
    """Read access to a .zip or directory archive, by archive path."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise ArchiveError(f"No archive at {self.path}.")
        self._zip = zipfile.ZipFile(self.path) if self.path.is_file() else None

    def read(self, name):
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts:
            raise ArchiveError(f"Unsafe name in the archive: {name!r}.")
        try:
            if self._zip is not None:
                return self._zip.read(name)
            return (self.path / name).read_bytes()
        except (KeyError, FileNotFoundError):
            raise ArchiveError(f"The archive has no {name}: it is incomplete.") from None

    def json(self, name):
        try:
            return json.loads(self.read(name))
        except ValueError:
            raise ArchiveError(f"{name} in the archive is not valid JSON.") from None


def read_manifest(archive):
    manifest = archive.json("manifest.json")
    if manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a BCT Portal partnership archive (manifest.json names another format).")
    if manifest.get("version") != VERSION:
        raise ArchiveError(f"Unknown archive version {manifest.get('version')!r}: this portal reads version {VERSION}.")
    return manifest


def _check_target(manifest, using):
    """Refuse, before writing anything, what cannot be restored identically."""
    from core.models import Partnership

    slug, pk = manifest["tenant"]["slug"], manifest["tenant"]["id"]
    if Partnership.objects.db_manager(using).filter(slug=slug).exists():
        raise ArchiveError(f"A partnership '{slug}' already exists here: import only into a database without it.")
    taken = Partnership.objects.db_manager(using).filter(pk=pk).first()
    if taken is not None:
        raise ArchiveError(f"The archive's partnership id {pk} is taken by '{taken.slug}': import into an empty "
                           "database (ids are preserved).")
    here = applied_migrations(using)
    missing = sorted(f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
                     if name not in here.get(app, []))
    if missing:
        raise ArchiveError(f"This database lacks migrations the archive was made with; run migrate first: "
                           f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}.")
    unknown = []
    for entry in manifest["models"]:
        try:
            apps.get_model(entry["label"])
        except LookupError:
            unknown.append(entry["label"])
    if unknown:
        raise ArchiveError(f"The archive holds models this portal does not have: {', '.join(unknown)}.")


def _restore_users(archive, using):
    from core.models import User

    created = 0
    for row in archive.json("users.json"):
        if User.objects.db_manager(using).filter(username=row["username"]).exists():
            continue
        user = User(**{key: row[key] for key in USER_FIELDS if key in row})
        user.set_unusable_password()  # archives carry no password hashes: the person resets it
        user.save(using=using)
        created += 1
    return created


def _deserialize(archive, name, using):
    try:
        return [item.object for item in serializers.deserialize(
            "json", archive.read(name), using=using, ignorenonexistent=True)]
    except serializers.base.DeserializationError as exc:
        raise ArchiveError(f"{name} could not be read: {exc}") from None


def _insert(model, objects, using):
    """Insert rows as they are (raw: no save(), no signals, no auto_now): ``bulk_create``'s own path."""
    if not objects:
        return
    manager = model._base_manager.db_manager(using)
    pks = [obj.pk for obj in objects]
    clash = sum(manager.filter(pk__in=pks[i:i + 5000]).count() for i in range(0, len(pks), 5000))
    if clash:
        raise ArchiveError(f"{clash} rows of {model._meta.label} already have the archive's ids: import into an "
                           "empty database (ids are preserved).")
    fields = list(model._meta.local_concrete_fields)
    batch = max(connections[using].ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), batch):
        manager._insert(objects[start:start + batch], fields=fields, raw=True, using=using)


def _restore_media(archive, manifest, written):
    for entry in manifest.get("media", []):
        name, content = entry["name"], archive.read(f"media/{entry['name']}")
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise ArchiveError(f"media/{name} does not match its checksum in the manifest.")
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if handle.read() == content:
                    continue
            raise ArchiveError(f"A different file is already stored as {name}.")
        if default_storage.save(name, ContentFile(content)) != name:
            raise ArchiveError(f"{name} could not be stored under its own name.")
        written.append(name)


def import_tenant(path, using=DEFAULT_DB_ALIAS):
    """Restore the archive at ``path``; returns a summary. Nothing is written unless everything is."""
    from core.models import Partnership, User

    archive = Archive(path)
    manifest = read_manifest(archive)
    connection = connections[using]
    written_media = []
    try:
        with transaction.atomic(using=using):
            _check_target(manifest, using)
            users = _restore_users(archive, using)
            partnership = _deserialize(archive, "partnership.json", using)
            if len(partnership) != 1 or partnership[0].slug != manifest["tenant"]["slug"]:
                raise ArchiveError("partnership.json does not hold the manifest's partnership.")
            tenant = partnership[0]
            _insert(Partnership, [tenant], using)
            touched = [Partnership, User]
            counts = {}
            with tenant_context(tenant), connection.constraint_checks_disabled():
                for entry in manifest["models"]:
                    model = apps.get_model(entry["label"])
                    objects = _deserialize(archive, entry["file"], using)
                    if len(objects) != entry["count"]:
                        raise ArchiveError(f"{entry['file']} holds {len(objects)} rows; the manifest says "
                                           f"{entry['count']}.")
                    if any(getattr(obj, "tenant_id", tenant.pk) not in (tenant.pk, None) for obj in objects):
                        raise ArchiveError(f"{entry['file']} holds rows of another partnership.")
                    _insert(model, objects, using)
                    touched.append(model)
                    counts[entry["label"]] = len(objects)
            # Rows were inserted with their ids: move each table's id sequence past them.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), touched):
                    cursor.execute(statement)
            connection.check_constraints(table_names=[model._meta.db_table for model in touched])
            _restore_media(archive, manifest, written_media)
    except Exception:
        for name in written_media:
            default_storage.delete(name)
        raise
    return {"tenant": tenant, "users_created": users, "rows": sum(counts.values()), "models": counts,
            "media": len(manifest.get("media", []))}
