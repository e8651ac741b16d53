"""core.migration_operations.SeedProcess (plan.0002, reporting.0002, finance.0002): a partnership made before a process
existed gets its RACI rows with the migration's letters; rows already there (perhaps edited) are kept; a partnership
whose matrix was never seeded is left for the whole matrix."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.migration_operations import MATRIX_ROLES, SeedProcess
from core.models import Partnership, RaciEntry

pytestmark = pytest.mark.django_db
PROCESS = "manage_the_programme_plan"


def test_missing_rows_are_added_and_edited_rows_kept(llr):
    rows = RaciEntry.all_tenants.filter(tenant=llr, process=PROCESS)
    rows.exclude(role="pmo").delete()
    rows.filter(role="pmo").update(letters="C")  # as the PMO might have edited it
    bare = Partnership.objects.create(slug="bare", name="Bare partnership", short_name="Bare")
    state = MigrationExecutor(connection).loader.project_state()  # the models as a migration sees them
    SeedProcess(PROCESS, "Manage the programme plan", {"pmo": "R", "workstream_sro": "A"}).seed(state.apps, None)
    letters = dict(RaciEntry.all_tenants.filter(tenant=llr, process=PROCESS).values_list("role", "letters"))
    assert set(letters) == set(MATRIX_ROLES)
    assert (letters["pmo"], letters["workstream_sro"], letters["partner_viewer"]) == ("C", "A", "")
    assert not RaciEntry.all_tenants.filter(tenant=bare).exists()
