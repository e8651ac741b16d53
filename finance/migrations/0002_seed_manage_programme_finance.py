"""Partnerships made before programme finance existed get the RACI rows of "manage the programme budget and actual
spend" (core.raci's product default); rows already there (perhaps edited by the PMO) are left alone."""

from django.db import migrations

from core.migration_operations import SeedProcess

LETTERS = {"pmo": "R", "programme_director": "R", "workstream_lead": "R", "project_manager": "R",
           "workstream_sro": "A", "joint_sro": "A"}


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [SeedProcess("manage_programme_finance", "Manage the programme budget and actual spend", LETTERS)]
