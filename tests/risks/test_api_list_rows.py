"""The risk list's values read path (``risks.api.rows``, issue 20) answers the bytes ``RiskSerializer`` does: the
rows themselves against DRF's own serializer over model instances (no prefetch, no fast path), and whole responses
(body and headers, cursors and links included) against the list as it was served through the serializer, for a
reader who sees restricted rows and one who does not, through filters, orderings and pages.

The data exercises every field's branches: nulls and blanks, escaping, every level, category, nature, response,
proximity, status and RAG colour (and a blank stored colour), a target or none, a residual not assessed, source
ratings, overdue or not, restricted and archived risks, objectives and benefits (a restricted benefit hidden from
the viewer), actions with and without owners and due dates in every status, pending moves and decided ones, and
timestamps in winter (``Z``) and summer (``+01:00``)."""

import datetime
import types

import pytest
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins
from rest_framework.renderers import JSONRenderer

from benefits.models import Benefit
from core.api.serializers_base import FastReadMixin
from core.models import Organisation
from core.tenancy import tenant_context
from programme.models import Objective
from risks.api import rows, views
from risks.api.serializers import RiskHeatmapCellSerializer, RiskSerializer
from risks.choices import (
    ActionStatus,
    Category,
    Level,
    MoveDirection,
    MoveStatus,
    Nature,
    Proximity,
    Rag,
    Response,
    RiskStatus,
)
from risks.models import MitigationAction, Risk, RiskMove
from risks.scoring import DEFAULT_BANDS, Bands

pytestmark = pytest.mark.django_db

URL = "/api/v1/risks/"
READERS = ["pmo.llr", "viewer.uhl.llr"]  # sees restricted risks and benefits; sees neither
ODD = 'Odd <b>"text"</b> & \'quotes\' \u2028 café ✓'
QUERIES = [
    "page_size=500", "page_size=500&archived=true", "page_size=4",
    "page_size=4&ordering=owner", "page_size=5&ordering=-review_date", "page_size=500&ordering=title",
    "page_size=500&level=project", "page_size=500&residual_rag=red", "page_size=500&search=%3C",
    "page_size=500&overdue=true", "page_size=500&status=closed", "page=2&page_size=3", "page_size=500&search=nothing",
]


def drf_to_representation(self, instance):
    return super(FastReadMixin, self).to_representation(instance)


@pytest.fixture
def varied(llr, make_risk, persona, poa, urgent_care):
    """Risks in LLR covering every branch of every field the list shows (see the module's docstring)."""
    pmo = persona("pmo.llr")
    owner = persona("pm.poa.llr")
    with tenant_context(llr):
        organisation = Organisation.objects.first()
        objectives = list(Objective.objects.order_by("-code")[:3])
        benefits = list(Benefit.objects.order_by("-number")[:3])
        Benefit.objects.filter(pk=benefits[0].pk).update(restricted=True)
    made = [
        make_risk(title=ODD, description=ODD, controls=ODD, owner_name=ODD, source_ref=ODD,
                  residual_above_inherent_reason=ODD, inherent_likelihood=1, inherent_impact=1,
                  residual_likelihood=2, residual_impact=2, category=Category.CLINICAL, proximity=Proximity.IMMINENT,
                  response=Response.REDUCE, review_date=datetime.date(2020, 1, 1)),
        make_risk(title="Project, owned, target", level=Level.PROJECT, project=poa, owner=owner,
                  category=Category.FINANCIAL, inherent_likelihood=5, inherent_impact=5, residual_likelihood=5,
                  residual_impact=4, target_likelihood=1, target_impact=2, response=Response.RETAIN,
                  proximity=Proximity.WITHIN_3_MONTHS, review_date=datetime.date(2099, 1, 1)),
        make_risk(title="Restricted project risk", level=Level.PROJECT, project=poa, restricted=True,
                  category=Category.PEOPLE, target_likelihood=4, target_impact=4, proximity=Proximity.WITHIN_6_MONTHS),
        make_risk(title="Workstream opportunity", level=Level.WORKSTREAM, workstream=urgent_care,
                  nature=Nature.OPPORTUNITY, response=Response.EXPLOIT, category=Category.PROGRAMME_MANAGEMENT,
                  inherent_likelihood=4, inherent_impact=5, residual_likelihood=3, residual_impact=4,
                  target_likelihood=3, target_impact=3, proximity=Proximity.WITHIN_A_YEAR),
        make_risk(title="Delivery Board, not assessed", level=Level.DELIVERY_BOARD, residual_assessed=False,
                  residual_likelihood=3, residual_impact=4, inherent_likelihood=3, inherent_impact=4,
                  proximity=Proximity.BEYOND_A_YEAR, response=Response.TRANSFER),
        make_risk(title="Partnership Board, restricted", level=Level.PARTNERSHIP_BOARD, restricted=True,
                  response=Response.SHARE),
        make_risk(title="Closed", status=RiskStatus.CLOSED, review_date=datetime.date(2020, 1, 1),
                  nature=Nature.OPPORTUNITY, response=Response.REALISE),
        make_risk(title="Archived", response=Response.REMOVE, target_likelihood=5, target_impact=5),
        make_risk(title="Imported", source_organisation=organisation, source_inherent_rag=Rag.RED,
                  source_residual_rag=Rag.GREEN, source_bands="Red 15-25", nature=Nature.OPPORTUNITY,
                  response=Response.ENHANCE),
    ]
    with tenant_context(llr):
        Risk.objects.filter(pk=made[6].pk).update(closed_on=datetime.date(2026, 3, 1))
        Risk.objects.filter(pk=made[7].pk).update(archived=True)
        Risk.objects.filter(pk=made[8].pk).update(inherent_rag="", residual_rag="")  # a colour no band covers
        Risk.objects.filter(pk=made[0].pk).update(
            created=datetime.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC),
            updated=datetime.datetime(2026, 1, 5, 23, 59, 59, tzinfo=datetime.UTC))
        made[0].objectives.add(*objectives)
        made[1].objectives.add(objectives[1])
        made[0].benefits.add(*benefits)
        made[2].benefits.add(benefits[0])
        made[3].benefits.add(benefits[2])
        for number, status in enumerate(ActionStatus.values):
            MitigationAction.objects.create(risk=made[0], description=f"{ODD} {number}", status=status,
                                            owner=owner if number % 2 else None, owner_name="" if number % 2 else ODD,
                                            due_date=[None, datetime.date(2020, 1, 1), datetime.date(2099, 1, 1),
                                                      datetime.date(2020, 2, 2)][number])
        MitigationAction.objects.create(risk=made[1], description="Overdue", status=ActionStatus.IN_PROGRESS,
                                        due_date=datetime.date(2021, 1, 1))
        MitigationAction.objects.create(risk=made[2], description="Hidden with its risk")
        RiskMove.objects.create(risk=made[1], from_level=Level.PROJECT, to_level=Level.WORKSTREAM,
                                direction=MoveDirection.ESCALATE, reason=ODD, proposed_by=pmo, residual_score=20)
        RiskMove.objects.create(risk=made[3], from_level=Level.WORKSTREAM, to_level=Level.PROJECT,
                                direction=MoveDirection.DEESCALATE, reason="Down", automatic=True, to_project=poa,
                                to_workstream=urgent_care, decided_by=owner, decision_note=ODD,
                                decided_at=datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
        RiskMove.objects.create(risk=made[3], from_level=Level.WORKSTREAM, to_level=Level.PROGRAMME,
                                direction=MoveDirection.ESCALATE, reason="Decided", status=MoveStatus.REJECTED,
                                proposed_by=pmo, decided_by=pmo,
                                decided_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC))
    return made


def serializer_bytes(user, risks):
    """DRF's own answer for ``risks``: model instances, no prefetched lists, no fast path."""
    request = types.SimpleNamespace(user=user)
    serializer = RiskSerializer(risks, many=True, context={"request": request})
    original = FastReadMixin.to_representation
    FastReadMixin.to_representation = drf_to_representation
    try:
        return JSONRenderer().render(serializer.data)
    finally:
        FastReadMixin.to_representation = original


def test_the_rows_are_the_serializers_over_every_branch(llr, persona, varied):
    for username in READERS:
        user = persona(username)
        with tenant_context(llr):
            queryset = Risk.objects.visible_to(user).order_by("-residual_score", "number", "pk")
            fast = JSONRenderer().render(rows.represent(list(rows.page_values(queryset)), user))
            assert fast == serializer_bytes(user, list(queryset)), username


def test_the_data_covers_every_branch(api, varied):
    """What the comparisons above run over: each field's branches are present in the pmo's list."""
    def listed(username):
        client = api(username)
        return [row for query in ("", "&archived=true")
                for row in client.get(f"{URL}?page_size=500{query}").json()["results"]]

    data = listed("pmo.llr")
    mine = [row for row in data if row["id"] in {risk.pk for risk in varied}]
    values = {name: {repr(row[name]) for row in data} for name in data[0]}
    for name, wanted in [("level", Level.values), ("category", Category.values), ("nature", Nature.values),
                         ("response", Response.values), ("proximity", Proximity.values), ("status", RiskStatus.values)]:
        assert {repr(value) for value in wanted} <= values[name], name
    for basis in ("inherent", "residual", "target"):
        assert {repr(value) for value in Rag.values} <= values[f"{basis}_rag"], basis
    assert "''" in values["inherent_rag"] and "None" in values["target_rag"] and "None" in values["target_score"]
    for name in ("owner", "closed_on", "pending_move"):
        assert "None" in values[name] and len(values[name]) > 1, name
    for name in ("overdue", "restricted", "archived", "residual_assessed"):
        assert values[name] == {"True", "False"}, name
    assert any(ODD in row["title"] for row in mine) and any(row["benefits"] and row["objectives"] for row in mine)
    assert any(row["created"].endswith("+01:00") for row in mine) and any(row["updated"].endswith("Z") for row in mine)
    actions = [action for row in mine for action in row["actions"]]
    assert {action["status"] for action in actions} == set(ActionStatus.values)
    assert {action["overdue"] for action in actions} == {True, False}
    assert None in {action["owner"] for action in actions} and None in {action["due_date"] for action in actions}
    viewer = listed("viewer.uhl.llr")
    restricted = {row["id"] for row in data if row["restricted"]}
    assert restricted and not restricted & {row["id"] for row in viewer}
    benefits = {row["id"]: row["benefits"] for row in viewer}
    assert any(len(benefits[row["id"]]) < len(row["benefits"]) for row in mine if row["id"] in benefits)


def _responses(client, query):
    """Every page from ``URL?query`` by following next: (status, headers, body) each."""
    answers, url = [], f"{URL}?{query}"
    while url:
        response = client.get(url)
        answers.append((response.status_code, sorted(response.items()), response.content))
        url = response.json().get("next") if response.status_code == 200 else None
    return answers


def test_the_list_answers_the_bytes_and_headers_it_did_through_the_serializer(api, monkeypatch, subtests, varied):
    for username in READERS:
        client = api(username)
        for query in QUERIES:
            with subtests.test(user=username, query=query):
                fast = _responses(client, query)
                with monkeypatch.context() as patched:  # the list as it was: model instances and the serializer
                    patched.setattr(views.RiskViewSet, "list", mixins.ListModelMixin.list)
                    patched.setattr(views.RiskViewSet, "filter_backends", [DjangoFilterBackend])
                    patched.setattr(views.RiskViewSet, "get_queryset",
                                    lambda self: views.risk_queryset(self.request.user))
                    slow = _responses(client, query)
                assert fast == slow
                assert fast[0][0] == 200


@pytest.mark.parametrize("risk_bands", [DEFAULT_BANDS, Bands.checked([("red", 16, 25), ("green", 1, 15)])])
def test_the_heat_maps_cells_are_the_serializers(risk_bands):
    counts = {(5, 5): 3, (1, 1): 0, (2, 4): 12}
    cells = views.heatmap_cells(risk_bands, counts)
    assert {cell["rag"] for cell in cells} == {str(rag) for rag, _, _ in risk_bands.bands}
    assert sum(cell["count"] for cell in cells) == 15
    assert JSONRenderer().render(cells) == JSONRenderer().render(RiskHeatmapCellSerializer(cells, many=True).data)


@pytest.mark.parametrize("query", ["", "?basis=inherent&category=clinical&archived=true", "?level=nowhere"])
def test_the_heat_map_answers_as_through_django_filters_backend(api, monkeypatch, varied, query):
    client = api("viewer.uhl.llr")
    fast = client.get(f"{URL}heatmap/{query}")
    with monkeypatch.context() as patched:
        patched.setattr(views.RiskViewSet, "filter_backends", [DjangoFilterBackend])
        slow = client.get(f"{URL}heatmap/{query}")
    assert (fast.status_code, sorted(fast.items()), fast.content) == (slow.status_code, sorted(slow.items()),
                                                                       slow.content)


def test_the_lists_openapi_operation_is_the_viewsets(db):
    """Serving the list another way leaves its OpenAPI operation as drf-spectacular reads it from the viewset."""
    from drf_spectacular.generators import SchemaGenerator

    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/risks/"]["get"]
    assert operation["description"] == " ".join(views.RiskViewSet.__doc__.split())
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedRiskList"}
    assert {"cursor", "page", "page_size", "ordering", "search", "residual_rag"} <= {
        parameter["name"] for parameter in operation["parameters"]}
