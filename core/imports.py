"""Imports that are previewed before anything is written (the risk register's, the plan's; README "Exports and the
Excel round trip").

An app's import reads the upload and works out a ``Preview``: the rows it would **add**, the records it would
**change** field by field (old → new), the rows **unchanged**, and the rows **refused** with their row number and
reason. A preview with any refused row applies nothing. Nothing is written on upload.

The preview is kept server-side between the upload and the confirmation (``stage``: a JSON file under the default
storage, in a folder of the app, the partnership and the user, named by a random token, for ``STAGE_HOURS``), so
confirming applies what was previewed and never a re-posted form. ``load`` gives it back only to the same user of
the same partnership within that time; anything else (an unknown, malformed, expired or someone else's token) is
``Invalid`` with a sentence telling the user to upload the file again. ``discard`` uses the token up.

``api_import`` is an API import's body: the same preview, applied at once unless ``?dry_run=true`` asks only for it.

``confirm`` is the confirmation view's body: load, apply (the app's function, all or nothing: ``WrongState`` when
a record changed since the preview, ``PermissionRefused`` when a right was lost, ``Invalid`` otherwise), discard.
"""

import datetime
import json
import re
import secrets
from dataclasses import asdict, dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils import timezone

from core.exceptions import Invalid, PermissionRefused, WrongState, message_of

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STAGE_HOURS = 2


@dataclass
class Preview:
    added: list = field(default_factory=list)  # [{"row", "values", "show", ...}]
    changed: list = field(default_factory=list)  # [{"row", "ref", "pk", "changes": [change(...)]}]
    unchanged: list = field(default_factory=list)  # [{"row", "ref"}]
    refused: list = field(default_factory=list)  # [[row, [messages]]]; row 0: the file as a whole
    filename: str = ""
    token: str = ""

    @classmethod
    def refusing(cls, errors, **values):
        return cls(refused=[[row, list(messages)] for row, messages in errors], **values)

    @property
    def ok(self):
        return not self.refused

    @property
    def errors(self):  # the shape the import pages and the upload checks read
        return self.refused

    @property
    def writes(self):
        return bool(self.added or self.changed)

    def refuse(self, row, *messages):
        self.refused.append([row, list(messages)])


def change(name, label, old, new, old_shown, new_shown):
    """One field a row changes: raw values (JSON) to check and apply, shown values for the preview."""
    return {"field": name, "label": label, "old": old, "new": new, "old_shown": old_shown, "new_shown": new_shown}


def _path(app, tenant, user, token):
    if not TOKEN.match(token or ""):
        raise Invalid({"token": ["This import preview is not valid: upload the file again."]})
    return f"staged-imports/{app}/{tenant.pk}/{user.pk}/{token}.json"


def stage(preview, app, tenant, user):
    """Keep the preview for the confirmation; returns its token."""
    preview.token = secrets.token_urlsafe(24)
    data = {"created": timezone.now().isoformat(), "preview": asdict(preview)}
    default_storage.save(_path(app, tenant, user, preview.token), ContentFile(json.dumps(data).encode()))
    return preview.token


def load(cls, app, tenant, user, token):
    """The ``cls`` preview staged by this user of this partnership, else ``Invalid`` (unknown, someone else's,
    expired or already applied)."""
    path = _path(app, tenant, user, token)
    gone = Invalid({"token": ["This import preview has expired or was already applied: upload the file again."]})
    if not default_storage.exists(path):
        raise gone
    with default_storage.open(path) as handle:
        data = json.loads(handle.read())
    if timezone.now() - datetime.datetime.fromisoformat(data["created"]) > datetime.timedelta(hours=STAGE_HOURS):
        default_storage.delete(path)
        raise gone
    return cls(**data["preview"])


def discard(app, tenant, user, token):
    path = _path(app, tenant, user, token)
    if default_storage.exists(path):
        default_storage.delete(path)


def confirm(request, cls, app, apply, template, form, refuse):
    """The confirmation view: apply the preview staged under ``POST["token"]``, all or nothing, and render
    ``template`` with ``applied`` and the context ``apply`` returned (a dict), or the failure (409 if something
    changed since the preview, 400 if the token is not good). ``refuse(request, exc)`` answers a lost right."""
    token = request.POST.get("token", "")
    try:
        preview = load(cls, app, request.tenant, request.user, token)
        if not preview.ok:
            raise Invalid({"file": ["The preview refused rows: correct them and upload the file again."]})
        done = apply(preview, request.user, request.tenant)
    except PermissionRefused as exc:
        return refuse(request, exc)
    except (Invalid, WrongState) as exc:
        return render(request, template, {"form": form, "failure": message_of(exc)},
                      status=409 if isinstance(exc, WrongState) else 400)
    discard(app, request.tenant, request.user, token)
    return render(request, template, {"form": form, "applied": True, **done})


def api_import(request, preview_of, apply, missing):
    """An API import of ``request.FILES["file"]``: ``(summary, applied)``. ``preview_of(upload)`` gives the preview;
    a refused row is ``Invalid`` under ``file`` ("Row N: Column: ..."), nothing written. With ``?dry_run=true`` the
    summary lists each change (``{ref, row, fields: {label: [old, new]}}``) and nothing is applied (``applied`` is
    None); otherwise ``applied`` is what ``apply(preview)`` returned (all or nothing). ``missing``: the sentence when
    no file is attached."""
    upload = request.FILES.get("file")
    if upload is None:
        raise Invalid({"file": [missing]})
    preview = preview_of(upload)
    if not preview.ok:
        raise Invalid({"file": [f"Row {row}: {message}" if row else message
                                for row, messages in preview.refused for message in messages]})
    summary = {"added": len(preview.added), "changed": len(preview.changed), "unchanged": len(preview.unchanged),
               "dry_run": request.GET.get("dry_run") == "true"}
    if summary["dry_run"]:
        summary["changes"] = [{"ref": entry["ref"], "row": entry["row"],
                               "fields": {change["label"]: [change["old_shown"], change["new_shown"]]
                                          for change in entry["changes"]}} for entry in preview.changed]
        return summary, None
    return summary, apply(preview)
