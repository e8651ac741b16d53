"""Fixtures of the finance tests: the LLR demo's Points of Access project and partners, and a second project."""

import datetime

import pytest

from core.models import Organisation
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
