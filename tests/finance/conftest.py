"""Fixtures of the finance tests: the LLR demo's Points of Access project and partners, and a second project."""

import datetime
from decimal import Decimal

import pytest

from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.models import Organisation
from finance import quarters, resources
from finance.models import Skill
from programme.models import Project

POA = "Integrating LLR Points of Access"


@pytest.fixture
def poa(in_llr):
    return Project.objects.select_related("workstream").get(name=POA)


@pytest.fixture
def other_project(in_llr):
    return Project.objects.exclude(name=POA).select_related("workstream").first()


@pytest.fixture
def org(in_llr):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def last_month():
    today = datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


# Partner resources (test_resources_*.py): skills of their own, an approved case on a project the demo pledges
# nothing to, and the quarters from this one.

@pytest.fixture
def q():
    """q[0] is this quarter, q[1] the next, ..."""
    first = quarters.of(datetime.date.today())
    return [quarters.following(first, n) for n in range(6)]


@pytest.fixture
def skill(in_llr):
    return lambda name: Skill.objects.get_or_create(name=name)[0]


@pytest.fixture
def approved_case(in_llr, other_project):
    case = BusinessCase.objects.filter(project=other_project).order_by("pk").first()
    assert case is not None, "the demo has a business case on the second project"
    BusinessCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    case.refresh_from_db()
    return case


@pytest.fixture
def pledge(persona, org, other_project, q, skill):
    def make(code="LPT", wte="1.0", skill_name="Test analysis", first=0, last=1, user="pmo.llr", **values):
        values = {"organisation": org(code), "kind": "post", "level": "project", "project": other_project,
                  "first_quarter": q[first], "last_quarter": q[last], "wte": None if wte is None else Decimal(wte),
                  "skill": skill(skill_name), **values}
        return resources.create_pledge(persona(user), **values)

    return make
