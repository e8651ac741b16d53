"""Fixtures of the risk register tests: demo places and a factory for risks in the LLR partnership."""

import pytest

from core.tenancy import tenant_context
from programme.models import Project, Workstream
from risks.choices import Category, Level
from risks.models import Risk

POA = "Integrating LLR Points of Access"


@pytest.fixture
def poa(in_llr):
    return Project.objects.get(name=POA)


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def make_risk(llr):
    """Create a risk in LLR (or ``tenant``) directly, bypassing permissions: the data a test starts from."""

    def make(tenant=None, **values):
        defaults = {
            "title": "Test risk", "category": Category.STRATEGIC, "level": Level.PROGRAMME,
            "inherent_likelihood": 3, "inherent_impact": 3, "residual_likelihood": 2, "residual_impact": 3,
        }
        defaults.update(values)
        with tenant_context(tenant or llr):
            risk = Risk(**defaults)
            risk.full_clean(exclude=["tenant", "number", "ref", "inherent_score", "residual_score", "review_date"])
            risk.save()
            return risk

    return make
