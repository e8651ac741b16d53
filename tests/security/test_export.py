"""Nothing lost: a partnership exported with ``export_tenant`` and restored with ``import_tenant`` is identical.

The round trip runs in the test database: export the demo's llr, remove every row of it (and a person who
belongs to llr only), import the archive, export again and compare the two archives model by model, row by
row (values, history, many-to-many links, users by username, files by content).
"""

import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.archive import FORMAT, VERSION
from core.archive.exporting import collect
from core.archive.models import link_models, rows_of, tenant_models
from core.models import Partnership, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _remove(tenant):
    """Every row of ``tenant`` gone, as from a database it was never in (no cascade, no signals)."""
    models = tenant_models()
    for model, field in link_models(models):
        rows_of(model, tenant, field)._raw_delete(connection.alias)
    for model in models:
        model._base_manager.filter(tenant=tenant)._raw_delete(connection.alias)
    Partnership.objects.filter(pk=tenant.pk)._raw_delete(connection.alias)


def _prepare(llr):
    """Make sure the archive has an archived item and a stored file to carry."""
    from meetings.models import BoardPack, Meeting
    from risks.models import Risk

    with tenant_context(llr):
        risk = Risk.objects.order_by("pk").first()
        Risk.all_tenants.filter(pk=risk.pk).update(archived=True)
        meeting = Meeting.objects.order_by("pk").first()
        pack = BoardPack(meeting=meeting, version=99, status="failed", error="test")
        pack.save()
        pack.file.save("pack-v99.pdf", ContentFile(b"%PDF-1.4 test pack\n"), save=True)
    return risk.pk, pack.file.name


def test_llr_round_trips_through_an_archive(llr, tmp_path, media):
    archived_pk, file_name = _prepare(llr)
    before, manifest = collect(llr)
    assert manifest["format"] == FORMAT and manifest["version"] == VERSION
    labels = {entry["label"]: entry for entry in manifest["models"]}
    # Generic over the registry: TenantModels, history, guardian grants and many-to-many links are all in.
    assert {"risks.risk", "risks.historicalrisk", "programme.project_depends_on", "risks.risk_objectives",
            "business_cases.businesscaseuserobjectpermission", "core.membership"} <= set(labels)
    assert labels["risks.historicalrisk"]["history"] and labels["risks.historicalrisk"]["count"] > 0
    assert labels["programme.project_depends_on"]["kind"] == "link" and labels["programme.project_depends_on"]["count"]
    assert manifest["media"] and manifest["media"][0]["name"] == file_name
    assert "programme" in manifest["migrations"]

    path = tmp_path / "llr.zip"
    call_command("export_tenant", "llr", output=str(path))
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["rows"] == manifest["rows"]
        assert archive.read(f"media/{file_name}") == b"%PDF-1.4 test pack\n"

    _remove(llr)
    (media / file_name).unlink()
    only_llr = User.objects.get(username="pm.poa.llr")
    only_llr.delete()
    assert not Partnership.objects.filter(slug="llr").exists()

    call_command("import_tenant", str(path), database=connection.alias)

    restored = Partnership.objects.get(slug="llr")
    assert restored.pk == llr.pk
    after, after_manifest = collect(restored)
    assert set(after) == set(before)
    for name in sorted(before):
        if name == "manifest.json":
            continue
        if after[name] != before[name]:
            was, now = json.loads(before[name]), json.loads(after[name])
            changed = [(a, b) for a, b in zip(was, now, strict=False) if a != b][:1]
            pytest.fail(f"{name} differs after the round trip ({len(was)} rows, {len(now)} now): {changed}")
    assert [(e["label"], e["count"]) for e in after_manifest["models"]] == [
        (e["label"], e["count"]) for e in manifest["models"]]
    # Archived items stay archived (recoverable), the file is back, the person exists again without a password.
    from risks.models import Risk

    with tenant_context(restored):
        assert Risk.all_tenants.get(pk=archived_pk).archived
    assert (media / file_name).read_bytes() == b"%PDF-1.4 test pack\n"
    assert not User.objects.get(username="pm.poa.llr").has_usable_password()


def test_ids_continue_after_the_restored_rows(llr, tmp_path, media):
    from programme.models import Objective

    path = tmp_path / "llr"
    call_command("export_tenant", "llr", output=str(path))  # a directory archive this time
    _remove(llr)
    call_command("import_tenant", str(path), database=connection.alias)
    restored = Partnership.objects.get(slug="llr")
    with tenant_context(restored):
        highest = Objective.all_tenants.order_by("-pk").values_list("pk", flat=True).first()
        assert Objective.objects.create(code="SOX", title="After the restore").pk > highest


def test_an_existing_partnership_or_an_unknown_version_is_refused(llr, tmp_path, media):
    path = tmp_path / "llr.zip"
    call_command("export_tenant", "llr", output=str(path))
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_tenant", str(path), database=connection.alias)

    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    manifest["version"] = VERSION + 1
    files["manifest.json"] = json.dumps(manifest).encode()
    future = tmp_path / "future.zip"
    with zipfile.ZipFile(future, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    _remove(llr)
    with pytest.raises(CommandError, match="Unknown archive version"):
        call_command("import_tenant", str(future), database=connection.alias)
    assert not Partnership.objects.filter(slug="llr").exists()


def test_a_broken_archive_writes_nothing(llr, tmp_path, media):
    from risks.models import Risk

    path = tmp_path / "llr"
    call_command("export_tenant", "llr", output=str(path))
    risks = json.loads((path / "data" / "risks.risk.json").read_text())
    risks[-1]["fields"]["owner"] = ["nobody.at.all"]  # a person the archive does not name
    (path / "data" / "risks.risk.json").write_text(json.dumps(risks))
    _remove(llr)
    with pytest.raises(CommandError):
        call_command("import_tenant", str(path), database=connection.alias)
    assert not Partnership.objects.filter(slug="llr").exists()
    assert not Risk.all_tenants.filter(tenant_id=llr.pk).exists()
