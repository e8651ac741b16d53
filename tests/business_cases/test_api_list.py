"""Lists: filters, search, ordering, constant query counts; tenancy; restricted cases and explicit grants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from business_cases.models import BusinessCase
from core.models import User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db
RESTRICTED = "Acute reconfiguration: commercial options appraisal"


def results(client, query=""):
    response = client.get(f"/api/v1/business-cases/?page_size=500&{query}")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_filters_match_the_database(api, in_llr):
    client = api("pmo.llr")
    for tier in ("rff", "obc", "obc_fbc"):
        rows = results(client, f"tier={tier}")
        assert rows and {r["tier"] for r in rows} == {tier}
        assert len(rows) == BusinessCase.objects.filter(tier=tier).count()
    assert {r["status"] for r in results(client, "status=draft&status=submitted")} == {"draft", "submitted"}
    awaiting_db = results(client, "awaiting=delivery_board")
    assert awaiting_db and {r["status"] for r in awaiting_db} == {"submitted"}
    awaiting_pb = results(client, "awaiting=partnership_board")
    assert awaiting_pb and {r["awaiting_board"] for r in awaiting_pb} == {"partnership_board"}
    big = results(client, "value_min=500000.01")
    assert big and all(float(r["value"]) > 500000 for r in big)
    uc = results(client, f"workstream={BusinessCase.objects.get(number=1).project.workstream_id}")
    assert {r["ref"] for r in uc} >= {"BC-0001"}
    assert {r["author"] for r in results(client, "author=lead.urgentcare.llr")} == {"lead.urgentcare.llr"}
    assert client.get("/api/v1/business-cases/?tier=platinum").status_code == 400


def test_search_and_ordering(api, in_llr):
    client = api("pmo.llr")
    found = results(client, "search=Vanguard")
    assert "BC-0001" in {r["ref"] for r in found}  # in its sections' text
    assert [r["ref"] for r in results(client, "search=points access")] == ["BC-0001"]
    values = [float(r["value"]) for r in results(client, "ordering=-value")]
    assert values == sorted(values, reverse=True)
    refs = [r["ref"] for r in results(client, "ordering=ref")]
    assert refs == sorted(refs)


def test_the_list_costs_the_same_however_many_cases(api, make_case):
    client = api("pmo.llr")
    results(client)  # warm the token and access caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            results(client)
        return len(queries)

    before = count()
    for i in range(5):
        make_case(title=f"Extra {i}", value=f"{(i + 1) * 200000}.00")
    assert count() == before
    assert before <= 14


def test_the_brief_list_costs_the_same_however_many_briefs(api, make_brief):
    client = api("pmo.llr")
    client.get("/api/v1/briefs/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/briefs/")
    before = len(queries)
    for i in range(4):
        make_brief(title=f"Brief {i}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/briefs/").status_code == 200
    assert len(queries) == before


class TestTenancy:
    def test_other_partnerships_cases_and_briefs_are_not_found(self, api, llr, northshire):
        with tenant_context(llr):
            case = BusinessCase.objects.get(number=1)
            from business_cases.models import Brief

            brief = Brief.objects.first()
        north = api("pmo.north")
        assert north.get(f"/api/v1/business-cases/{case.pk}/").status_code == 404
        assert north.post(f"/api/v1/business-cases/{case.pk}/approve/").status_code == 404
        assert north.get(f"/api/v1/business-cases/{case.pk}/versions/").status_code == 404
        assert north.get(f"/api/v1/briefs/{brief.pk}/").status_code == 404
        assert north.post(f"/api/v1/briefs/{brief.pk}/approve/").status_code == 404
        titles = {r["title"] for r in results(north)}
        assert titles == {"Home first: discharge to assess"}
        assert [r["ref"] for r in results(north)] == ["BC-0001"]  # references are per partnership

    def test_a_northshire_case_is_not_found_from_llr(self, api, northshire):
        with tenant_context(northshire):
            case = BusinessCase.objects.get()
        assert api("pmo.llr").get(f"/api/v1/business-cases/{case.pk}/").status_code == 404


class TestRestrictedCases:
    """Hidden from lists and 404 on detail for members with neither a grant nor R or A for them."""

    @pytest.mark.parametrize(("username", "sees"), [
        ("pmo.llr", True), ("director.llr", True), ("delivery.llr", True), ("partnership.llr", True),
        ("sro.llr", False), ("sro.urgentcare.llr", False), ("lead.urgentcare.llr", False), ("pm.poa.llr", False),
        ("viewer.uhl.llr", False),
    ])
    def test_who_sees_a_restricted_case(self, api, llr, username, sees):
        with tenant_context(llr):
            case = BusinessCase.objects.get(title=RESTRICTED)
        client = api(username)
        assert (RESTRICTED in {r["title"] for r in results(client)}) is sees
        assert client.get(f"/api/v1/business-cases/{case.pk}/").status_code == (200 if sees else 404)
        assert client.get(f"/api/v1/business-cases/{case.pk}/pdf/").status_code == (200 if sees else 404)

    def test_an_explicit_grant_shows_it(self, api, llr):
        viewer = User.objects.get(username="viewer.uhl.llr")
        with tenant_context(llr):
            case = BusinessCase.objects.get(title=RESTRICTED)
            assign_perm("business_cases.view_businesscase", viewer, case)
        client = api("viewer.uhl.llr")
        assert RESTRICTED in {r["title"] for r in results(client)}
        assert client.get(f"/api/v1/business-cases/{case.pk}/").status_code == 200
        # Reading is all the grant gives.
        assert client.patch(f"/api/v1/business-cases/{case.pk}/", {"title": "x"}, format="json").status_code == 403

    def test_a_grant_through_the_api(self, api, llr):
        with tenant_context(llr):
            case = BusinessCase.objects.get(title=RESTRICTED)
        assert api("viewer.uhl.llr").post(f"/api/v1/business-cases/{case.pk}/grant/",
                                          {"user": "viewer.uhl.llr"}, format="json").status_code == 404
        response = api("pmo.llr").post(f"/api/v1/business-cases/{case.pk}/grant/", {"user": "viewer.uhl.llr"},
                                       format="json")
        assert response.status_code == 201
        assert api("viewer.uhl.llr").get(f"/api/v1/business-cases/{case.pk}/").status_code == 200
        assert api("pmo.llr").post(f"/api/v1/business-cases/{case.pk}/grant/", {"user": "pmo.north"},
                                   format="json").status_code == 400

    def test_a_grant_in_another_partnership_does_not_leak(self, api, llr):
        """The admin user belongs to both partnerships; a northshire token never sees LLR's case."""
        with tenant_context(llr):
            case = BusinessCase.objects.get(title=RESTRICTED)
            assign_perm("business_cases.view_businesscase", User.objects.get(username="admin"), case)
        assert api("admin", "northshire").get(f"/api/v1/business-cases/{case.pk}/").status_code == 404

    def test_the_author_sees_their_own_restricted_case(self, api, make_case):
        case = make_case(author="viewer.uhl.llr", restricted=True)
        assert api("viewer.uhl.llr").get(f"/api/v1/business-cases/{case.pk}/").status_code == 200
        assert api("sro.llr").get(f"/api/v1/business-cases/{case.pk}/").status_code == 404
