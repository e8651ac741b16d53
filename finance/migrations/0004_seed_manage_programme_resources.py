"""Partnerships made before partner resources existed get the RACI rows of "manage partner resources, demand and
redeployment" (core.raci's product default; PID Appendix 3 "manage people and other resources", "confirm
redeployment of all programme resource"); rows already there are left alone."""

from django.db import migrations

from core.migration_operations import SeedProcess

LETTERS = {"pmo": "R", "programme_director": "R", "workstream_lead": "R", "project_manager": "R",
           "workstream_sro": "A", "joint_sro": "A"}


class Migration(migrations.Migration):
    dependencies = [("finance", "0003_resources")]

    operations = [SeedProcess("manage_programme_resources", "Manage partner resources, demand and redeployment",
                              LETTERS)]
