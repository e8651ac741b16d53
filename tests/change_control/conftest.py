"""Fixtures of the change-control tests: demo places, and requests brought to any step by the demo people."""

from decimal import Decimal

import pytest

from change_control import services
from change_control.choices import Decision
from core.tenancy import tenant_context
from meetings.decisions import HowDecided
from programme.models import Project, Workstream
from tests.board import board_meeting

POA = "Integrating LLR Points of Access"

PERSONAS = [
    "pmo.llr", "director.llr", "sro.llr", "delivery.llr", "partnership.llr", "ig.llr", "sro.urgentcare.llr",
    "lead.urgentcare.llr", "pm.poa.llr", "viewer.uhl.llr",
]


@pytest.fixture
def poa(in_llr):
    return Project.objects.get(name=POA)


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def make_request(llr, persona):
    """A request in LLR taken to ``status`` (logged, assessed, proposed, approved, rejected, deferred,
    implemented) through the services, as the demo people: raised by ``originator`` (lead.urgentcare.llr),
    assessed and proposed by pmo.llr, decided by the authority's demo holder: for the Delivery Board, its chair
    (sro.llr) records the board's decision at its meeting held today."""

    deciders = {"workstream_sro": "sro.urgentcare.llr", "programme_director": "director.llr",
                "delivery_board": "sro.llr"}

    def make(status="logged", cost="10000.00", originator="lead.urgentcare.llr", tenant=None, place="workstream",
             changes_stage_or_objective=False, title="Test change", **extra):
        with tenant_context(tenant or llr):
            where = {}
            if place == "workstream":
                where["workstream"] = Workstream.objects.get(name="Urgent Care")
            elif place == "project":
                where["project"] = Project.objects.get(name=POA)
            request = services.log(persona(originator), title, "Why it should change.", **where, **extra)
            if status == "logged":
                return request
            pmo = persona("pmo.llr")
            request = services.assess(request, pmo, Decimal(cost),
                                      changes_stage_or_objective=changes_stage_or_objective)
            if status == "assessed":
                return request
            request = services.propose(request, pmo, "Do it.")
            if status == "proposed":
                return request
            decision = {"approved": Decision.APPROVE, "implemented": Decision.APPROVE, "rejected": Decision.REJECT,
                        "deferred": Decision.DEFER}[status]
            how = HowDecided(meeting=board_meeting(tenant or llr)) if request.authority == "delivery_board" else None
            request = services.decide(request, persona(deciders[request.authority]), decision, "Because.", how=how)
            if status == "implemented":
                request = services.implement(request, pmo)
            return request

    return make
