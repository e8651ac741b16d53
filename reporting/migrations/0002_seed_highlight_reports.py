"""Partnerships made before progress reporting existed get the RACI rows of "write and sign off highlight reports"
(core.raci's product default); rows already there (perhaps edited by the PMO) are left alone."""

from django.db import migrations

from core.migration_operations import SeedProcess

LETTERS = {"project_manager": "R", "workstream_lead": "R", "pmo": "R", "workstream_sro": "A"}


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [SeedProcess("highlight_reports", "Write and sign off highlight reports", LETTERS)]
