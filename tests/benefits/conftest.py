"""Fixtures of the benefits tests: demo places, a factory for benefits in LLR, browser logins."""

import datetime
from decimal import Decimal

import pytest

from benefits.choices import BenefitType, PeriodKind
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement
from core.models import Organisation, User
from core.tenancy import tenant_context
from programme.models import Objective, Project, Workstream

POA = "Integrating LLR Points of Access"


@pytest.fixture
def poa(in_llr):
    return Project.objects.get(name=POA)


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def organisations(in_llr):
    return {o.code: o for o in Organisation.objects.all()}


def fy(year):
    return datetime.date(year, 4, 1)


@pytest.fixture
def make_benefit(llr):
    """Create a benefit directly (bypassing permissions): the data a test starts from. ``points`` are
    ``(period, planned, actual, forecast)``; ``shares`` ``{organisation: percent}``."""

    def make(tenant=None, projects=(), objectives=("SO1",), points=(), shares=None, cases=(), **values):
        tenant = tenant or llr
        with tenant_context(tenant):
            defaults = {"title": "Test benefit", "type": BenefitType.CASHABLE, "unit": "£",
                        "period_kind": PeriodKind.FINANCIAL_YEAR,
                        "owner": User.objects.filter(memberships__tenant=tenant).order_by("username").first()}
            defaults.update(values)
            benefit = Benefit(**defaults)
            benefit.save()
            benefit.objectives.add(*Objective.objects.filter(code__in=objectives))
            if projects:
                benefit.projects.add(*projects)
            if cases:
                benefit.business_cases.add(*cases)
            for organisation, percent in (shares or {}).items():
                BenefitAttribution(benefit=benefit, organisation=organisation, percent=Decimal(percent)).save()
            for period, planned, actual, forecast in points:
                BenefitMeasurement(benefit=benefit, period=period, planned=planned, actual=actual,
                                   forecast=forecast).save()
            benefit.refresh_position()
            benefit.refresh_from_db()
            return benefit

    return make


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login
