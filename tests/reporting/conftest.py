"""Fixtures of the reporting tests: the demo's Urgent Care workstream and its Points of Access project, in LLR."""

import pytest

from reporting import services
from reporting.models import HighlightReport
from tests.plan.conftest import poa, urgent_care  # noqa: F401 (the plan tests' fixtures)


@pytest.fixture
def period(in_llr):
    """The current period, cleared of the demo's reports for it (the returned Points of Access report)."""
    current = services.current_period()
    HighlightReport.objects.filter(period_start=current).delete()
    return current


@pytest.fixture
def write(in_llr, persona, poa, period):  # noqa: F811 (the imported fixture)
    """A draft report for Points of Access by its project manager, for the current period unless told."""

    def make(user="pm.poa.llr", project=None, workstream=None, period_start=None, **values):
        if workstream is None:
            project = project or poa
        values.setdefault("schedule_commentary", "On plan for the period.")
        for name in ("finance", "benefits", "risks", "resources", "overall"):
            values.setdefault(f"{name}_commentary", f"{name.capitalize()} as the registers show.")
        return services.create_report(persona(user), project=project, workstream=workstream,
                                      period_start=period_start or period, **values)

    return make

