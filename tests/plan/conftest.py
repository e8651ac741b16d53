"""Fixtures of the plan tests: items made through the services by the demo's PMO, in LLR."""

import datetime

import pytest
from django.utils import timezone

from plan import services
from plan.choices import ItemKind, Level
from programme.models import Project, Workstream

POA = "Integrating LLR Points of Access"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def poa(in_llr):
    return Project.objects.get(name=POA)


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def make_item(in_llr, persona, today):
    """An item added by pmo.llr (programme level unless told), forecast ``weeks`` from today."""

    def make(title="Item", weeks=4, kind=ItemKind.MILESTONE, level=Level.PROGRAMME, user="pmo.llr", **values):
        values.setdefault("forecast_date", today + datetime.timedelta(weeks=weeks))
        return services.create_item(persona(user), title=title, kind=kind, level=level, **values)

    return make
