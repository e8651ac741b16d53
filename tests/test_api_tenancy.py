"""Tenant isolation for every API endpoint (API.md "Tenancy").

The endpoints are discovered from the URL configuration, so an endpoint added
later is covered without editing this file.
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core import derived, rules
from core.tenancy import tenant_context


def _detail_routes():
    """(list path, detail path template, viewset class) for every /api/v1/ router detail route."""
    found = {}

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                cls = getattr(entry.callback, "cls", None)
                actions = getattr(entry.callback, "actions", None) or {}
                if not route.startswith("api/v1/") or cls is None or actions.get("get") != "retrieve":
                    continue
                if "format" in route:
                    continue
                found[route] = cls

    walk(get_resolver().url_patterns, "")
    routes = []
    for route, cls in sorted(found.items()):
        base = route.split("(?P<")[0].replace("^", "")
        routes.append((base, cls))
    return routes


# Detail routes whose objects are not rows of a tenant, and why each is safe: each must still be listed here,
# so a new route without a queryset fails below until someone says why.
NOT_MODEL_ROUTES = {
    "api/v1/lifecycle/processes/": "the PID Appendix 3 processes, the same list in every partnership (looked up by "
    "key); each partnership's letters come from its own RaciEntry rows (lifecycle/raci/, covered here)",
}

ALL_ROUTES = _detail_routes()
ROUTES = [(base, cls) for base, cls in ALL_ROUTES if base not in NOT_MODEL_ROUTES]


def test_every_detail_route_is_over_tenant_rows_or_listed_with_a_reason():
    without_queryset = {base for base, cls in ALL_ROUTES if getattr(cls, "queryset", None) is None}
    assert without_queryset == set(NOT_MODEL_ROUTES)


@pytest.mark.django_db
def test_a_process_is_the_same_in_every_partnership_but_its_letters_are_the_partnerships_own(api, llr):
    from core.models import RaciEntry

    key = "prepare_for_the_next_stage"
    with tenant_context(llr):
        RaciEntry.objects.filter(process=key, role="pmo").update(letters="R")
        derived.bump(llr.pk, rules.RACI_MATRIX)  # update() sends no signal
    llr_view = api("pmo.llr").get(f"/api/v1/lifecycle/processes/{key}/").json()
    north_view = api("pmo.north").get(f"/api/v1/lifecycle/processes/{key}/").json()
    assert llr_view["name"] == north_view["name"]
    assert llr_view["letters"].get("pmo") == "R"
    assert north_view["letters"].get("pmo") != "R"


def test_the_api_has_the_programme_endpoints():
    bases = {base for base, _ in ROUTES}
    for name in ["organisations", "bodies", "objectives", "stages", "workstreams", "projects"]:
        assert f"api/v1/{name}/" in bases


def _make_board_pack():
    from meetings.models import BoardPack, Meeting

    pack = BoardPack(meeting=Meeting.objects.order_by("pk").first(), version=1, status="failed", error="test")
    pack.save()
    return pack


def _make_lifecycle_action():
    from core.models import User
    from lifecycle.models import LifecycleAction

    action = LifecycleAction(process="prepare_for_the_next_stage", process_name="Prepare for the next stage",
                             actor=User.objects.get(username="director.llr"), target="Delivery stage 2")
    action.save()
    return action


def _make_engagement(name):
    from tests.engagement import factories

    return {"EngagementActivity": factories.make_activity, "EngagementResponse": factories.make_response,
            "EffectivenessMeasure": factories.make_measure}[name]()


# Rows the demo does not have, made for the test so that no endpoint goes unchecked.
MAKE = {"BoardPack": _make_board_pack, "LifecycleAction": _make_lifecycle_action,
        **{name: (lambda name=name: _make_engagement(name))
           for name in ("EngagementActivity", "EngagementResponse", "EffectivenessMeasure")}}


def _first_pk(cls, tenant):
    model = cls.queryset.model
    with tenant_context(tenant):
        row = model.objects.order_by("pk").first()
        if row is None and model.__name__ in MAKE:
            row = MAKE[model.__name__]()
    return row.pk if row else None


@pytest.mark.django_db
@pytest.mark.parametrize("base,cls", ROUTES, ids=[base for base, _ in ROUTES])
def test_another_tenants_object_is_not_found_and_never_listed(base, cls, api, llr):
    llr_pk = _first_pk(cls, llr)
    if llr_pk is None:
        pytest.skip(f"the demo has no {cls.queryset.model.__name__} in llr")
    north = api("pmo.north")
    assert north.get(f"/{base}{llr_pk}/").status_code == 404
    assert north.patch(f"/{base}{llr_pk}/", {"title": "x", "name": "x"}, format="json").status_code in (404, 405)
    listed = north.get(f"/{base}", {"page_size": 500})
    assert listed.status_code == 200
    ids = {row["id"] for row in listed.json()["results"]}
    with tenant_context(llr):
        llr_ids = set(cls.queryset.model.objects.values_list("pk", flat=True))
    assert ids.isdisjoint(llr_ids)
    # And the owner tenant does see it, so the 404 above is about tenancy, not a broken endpoint.
    assert api("pmo.llr").get(f"/{base}{llr_pk}/").status_code == 200


@pytest.mark.django_db
class TestForeignIdsInBodies:
    """An id of another tenant in a request body is refused (400), never silently linked."""

    def test_project_in_another_tenants_workstream(self, api, llr, northshire):
        with tenant_context(llr):
            from programme.models import Workstream

            llr_workstream = Workstream.objects.get(name="Urgent Care")
        client = api("pmo.north")
        response = client.post("/api/v1/projects/", {"name": "Leak", "workstream": llr_workstream.pk}, format="json")
        assert response.status_code == 400
        assert "workstream" in response.json()

    def test_depends_on_another_tenants_project(self, api, llr):
        from programme.models import Project

        with tenant_context(llr):
            poa = Project.objects.get(name="Integrating LLR Points of Access")
        north = api("pmo.north")
        with tenant_context(north.tenant):
            own = Project.objects.order_by("pk").first()
        response = north.patch(f"/api/v1/projects/{own.pk}/", {"depends_on": [poa.pk]}, format="json")
        assert response.status_code == 400
        assert "depends_on" in response.json()
        with tenant_context(north.tenant):
            assert not own.depends_on.filter(pk=poa.pk).exists()

    def test_body_parent_in_another_tenant(self, api, llr):
        from programme.models import Body

        with tenant_context(llr):
            board = Body.objects.get(kind="partnership_board")
        director = api("director.llr")
        response = api("pmo.north").post(
            "/api/v1/bodies/", {"name": "Leaky group", "kind": "reference_group", "parent": board.pk}, format="json"
        )
        assert response.status_code == 400
        assert "parent" in response.json()
        assert director.get("/api/v1/bodies/", {"search": "Leaky"}).json()["count"] == 0

    def test_workstream_sro_from_another_tenant(self, api, llr):
        director = api("director.llr")
        response = director.post(
            "/api/v1/workstreams/", {"name": "New clinical", "kind": "clinical", "sro": "pmo.north"}, format="json"
        )
        assert response.status_code == 400
        assert "sro" in response.json()


@pytest.mark.django_db
def test_unauthenticated_and_bad_token(client):
    assert client.get("/api/v1/projects/").status_code in (401, 403)
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION="Token not-a-real-key")
    assert response.status_code == 401


@pytest.mark.django_db
def test_token_fixes_the_tenant_even_for_a_member_of_both(api, llr, northshire):
    """admin belongs to both partnerships: a northshire token sees only northshire."""
    client = api("admin", "northshire")
    me = client.get("/api/v1/me/").json()
    assert me["tenant"] == "northshire"
    names = {row["name"] for row in client.get("/api/v1/workstreams/", {"page_size": 500}).json()["results"]}
    with tenant_context(llr):
        from programme.models import Workstream

        llr_only = set(Workstream.objects.values_list("name", flat=True)) - names
    assert llr_only, "the demo should have LLR workstreams that northshire lacks"


@pytest.mark.django_db
def test_revoked_token_is_refused(db, llr):
    from rest_framework.test import APIClient

    from core.models import ApiToken, User

    token, key = ApiToken.issue(User.objects.get(username="pmo.llr"), llr)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
    with tenant_context(llr):
        token.revoke()
    assert client.get("/api/v1/me/").status_code == 401
    assert json.loads(client.get("/api/v1/me/").content)["detail"]
