"""Fixtures of the engagement tests: the demo's LLR partnership and personas (tests/conftest.py), the Urgent Care
workstream, and the factories of ``tests/engagement/factories.py`` in LLR."""

import pytest
from django.utils import timezone

from tests.engagement import factories


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def urgent_care(in_llr):
    return factories.workstream("Urgent Care")


@pytest.fixture
def pmo(persona):
    return persona("pmo.llr")


@pytest.fixture
def director(persona):
    return persona("director.llr")


@pytest.fixture
def make(in_llr):
    """The factories, with LLR active: ``make.stakeholder(...)``, ``make.service_change(...)``, ..."""

    class Make:
        stakeholder = staticmethod(factories.make_stakeholder)
        service_change = staticmethod(factories.make_service_change)
        activity = staticmethod(factories.make_activity)
        response = staticmethod(factories.make_response)
        measure = staticmethod(factories.make_measure)
        evidence = staticmethod(factories.make_evidence)

    return Make
