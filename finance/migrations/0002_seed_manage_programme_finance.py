"""Partnerships made before programme finance existed get the RACI rows of "manage the programme budget and actual
spend" (core.raci's product default); rows already there (perhaps edited by the PMO) are left alone."""

from django.db import migrations

PROCESS = "manage_programme_finance"
NAME = "Manage the programme budget and actual spend"
ROLES = ["partnership_board", "joint_sro", "delivery_board", "implementation_group", "programme_director", "pmo",
         "workstream_sro", "workstream_lead", "project_manager", "partner_viewer"]
LETTERS = {"pmo": "R", "programme_director": "R", "workstream_lead": "R", "project_manager": "R",
           "workstream_sro": "A", "joint_sro": "A"}


def seed(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    RaciEntry = apps.get_model("core", "RaciEntry")
    for tenant_id in Partnership.objects.values_list("pk", flat=True):
        existing = set(RaciEntry.objects.filter(tenant_id=tenant_id, process=PROCESS).values_list("role", flat=True))
        if not RaciEntry.objects.filter(tenant_id=tenant_id).exists():
            continue  # a partnership whose matrix was never seeded gets the whole of it when it is
        RaciEntry.objects.bulk_create([
            RaciEntry(tenant_id=tenant_id, process=PROCESS, process_name=NAME, group="Product defaults", role=role,
                      letters=LETTERS.get(role, ""))
            for role in ROLES if role not in existing
        ])


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
