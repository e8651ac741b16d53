"""Write a partnership's archive (see ``core.archive``)."""

import datetime
import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core.tenancy import tenant_context

from . import FORMAT, VERSION, ArchiveError
from .models import file_fields, label, link_models, rows_of, tenant_models, user_fields

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "date_joined")


def applied_migrations(using=DEFAULT_DB_ALIAS):
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes and times to milliseconds; an archive keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _serialize(queryset, fields=None):
    return serializers.serialize("json", queryset, fields=fields, use_natural_foreign_keys=True, indent=1,
                                 cls=ExactEncoder)


def collect(tenant, using=DEFAULT_DB_ALIAS):
    """{archive path: bytes} of the whole archive of ``tenant`` (read inside its tenant context, so it works
    under row-level security too)."""
    from core.models import Partnership, User

    files, entries, user_ids, media = {}, [], set(), {}
    tenant_set = tenant_models()
    with tenant_context(tenant):
        sources = [(model, None, "tenant") for model in tenant_set]
        sources += [(model, field, "link") for model, field in link_models(tenant_set)]
        for model, link_field, kind in sources:
            queryset = rows_of(model, tenant, link_field).using(using)
            if link_field is None:  # many-to-many links are written from their own tables
                fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            else:
                fields = None
            path = f"data/{label(model)}.json"
            files[path] = _serialize(queryset, fields).encode()
            count = queryset.count()
            entries.append({"label": label(model), "table": model._meta.db_table, "kind": kind,
                            "history": model.__name__.startswith("Historical"), "file": path, "count": count})
            for field in user_fields(model):
                user_ids.update(queryset.exclude(**{f"{field.attname}__isnull": True})
                                .values_list(field.attname, flat=True).distinct())
            for field in file_fields(model):
                for name in queryset.exclude(**{field.attname: ""}).values_list(field.attname, flat=True).distinct():
                    if name and name not in media and default_storage.exists(name):
                        with default_storage.open(name, "rb") as handle:
                            media[name] = handle.read()
    users = User.objects.db_manager(using).filter(pk__in=user_ids).order_by("username")
    files["users.json"] = json.dumps([{key: _plain(getattr(u, key)) for key in USER_FIELDS} for u in users],
                                     indent=1).encode()
    files["partnership.json"] = _serialize(Partnership.objects.db_manager(using).filter(pk=tenant.pk)).encode()
    for name, content in media.items():
        files[f"media/{name}"] = content
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "tenant": {"id": tenant.pk, "slug": tenant.slug, "name": str(tenant)},
        "models": entries,
        "rows": sum(entry["count"] for entry in entries),
        "users": len(users),
        "migrations": applied_migrations(using),
        "media": [{"name": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
                  for name, content in sorted(media.items())],
    }
    files["manifest.json"] = json.dumps(manifest, indent=1).encode()
    return files, manifest


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def write(files, output):
    """Write the archive to ``output``: a .zip file, or else a directory (which must be empty or new)."""
    output = Path(output)
    if output.suffix == ".zip":
        output.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                archive.writestr(name, files[name])
        output.write_bytes(buffer.getvalue())
        return output
    if output.exists() and any(output.iterdir()):
        raise ArchiveError(f"{output} is not empty: give a new directory or a .zip file name.")
    for name, content in files.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return output


def export_tenant(tenant, output, using=DEFAULT_DB_ALIAS):
    files, manifest = collect(tenant, using)
    return write(files, output), manifest
