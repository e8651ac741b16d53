"""The reporting exchange (core.feeds, core.api.feeds): off until the PMO turns it on, every row the user may read
a page at a time, the change cursor, tenant isolation, and clear 400s for what it cannot do."""

import base64
from xml.etree import ElementTree

import pytest
from rest_framework.test import APIClient

from core import feeds
from core.models import ApiToken, FeedSettings, Partnership, User
from core.tenancy import tenant_context
from risks.choices import Category, Level
from risks.models import Risk

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/feeds/"
RISKS = "/api/v1/feeds/risks"


def turn_on(tenant):
    with tenant_context(tenant):
        FeedSettings.objects.create(enabled=True)


@pytest.fixture
def on(llr, northshire):
    turn_on(llr)
    turn_on(northshire)


@pytest.fixture
def no_overlap(monkeypatch):
    """Changes counted from the moment the previous load began exactly (the demo was loaded minutes ago)."""
    import datetime

    monkeypatch.setattr(feeds, "OVERLAP", datetime.timedelta(0))


def client_for(username, slug="llr"):
    user = User.objects.get(username=username)
    _, key = ApiToken.issue(user, Partnership.objects.get(slug=slug), name="bi")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.key = key
    return client


def load(client, url):
    """Every row and tombstone of a load, following the next links; and the last page's delta link."""
    rows, pages = [], 0
    while True:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["value"]
        pages += 1
        if "@odata.nextLink" not in body:
            return rows, body.get("@odata.deltaLink"), pages
        assert "@odata.deltaLink" not in body
        url = body["@odata.nextLink"]


def make_risk(tenant, **values):
    with tenant_context(tenant):
        risk = Risk(**{"title": "Feed test risk", "category": Category.STRATEGIC, "level": Level.PROGRAMME,
                       "inherent_likelihood": 3, "inherent_impact": 3, "residual_likelihood": 2,
                       "residual_impact": 3, **values})
        risk.save()
        return risk


def test_off_by_default_is_a_404_saying_so(llr):
    client = client_for("pmo.llr")
    for url in (ROOT, f"{ROOT}$metadata", RISKS):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "turned off for this partnership" in response.json()["detail"]


def test_no_token_or_a_bad_one_is_a_401(on):
    assert APIClient().get(RISKS).status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer nonsense")
    assert bad.get(RISKS).status_code == 401


def test_a_full_load_pages_through_every_readable_row_then_gives_a_change_cursor(on, llr):
    client = client_for("pmo.llr")
    rows, delta, pages = load(client, f"{RISKS}?page_size=7")
    with tenant_context(llr):
        expected = set(Risk.objects.visible_to(User.objects.get(username="pmo.llr")).values_list("pk", flat=True))
    assert len(expected) > 7 and pages > 1
    assert [row["id"] for row in rows] == sorted(expected)  # each once, in key order
    assert delta and "since=" in delta
    first = rows[0]
    assert {"ref", "title", "residual_score", "owner_id", "owner_full_name", "workstream_name"} <= set(first)
    assert "tenant_id" not in first


def test_the_change_cursor_gives_only_what_changed_and_tombstones(on, llr, no_overlap):
    client = client_for("pmo.llr")
    deleted = make_risk(llr, title="To be deleted")
    _, delta, _ = load(client, RISKS)
    with tenant_context(llr):
        changed = Risk.objects.order_by("pk").first()
        changed.title = "Changed since the last load"
        changed.save()
        deleted_pk = deleted.pk
        deleted.delete()
    added = make_risk(llr, title="Added since the last load")
    rows, next_delta, _ = load(client, delta)
    assert {row["id"]: row.get("title") for row in rows if "@removed" not in row} == {
        changed.pk: "Changed since the last load", added.pk: "Added since the last load"}
    assert [row for row in rows if "@removed" in row] == [{"@removed": {"reason": "deleted"}, "id": deleted_pk}]
    assert client.get(delta).json()["@odata.context"].endswith("$metadata#risks/$delta")
    # Nothing changed since the second load: its cursor gives nothing.
    assert load(client, next_delta)[0] == []


def test_a_row_the_user_may_no_longer_read_is_a_tombstone_and_restricted_rows_never_come(on, llr, no_overlap):
    viewer = client_for("viewer.uhl.llr")
    pmo = client_for("pmo.llr")
    hidden = make_risk(llr, title="Commercially sensitive", restricted=True,
                       owner=User.objects.get(username="pmo.llr"))
    assert hidden.pk not in {row["id"] for row in load(viewer, RISKS)[0]}
    assert hidden.pk in {row["id"] for row in load(pmo, RISKS)[0]}
    visible = make_risk(llr, title="Open for now")
    _, delta, _ = load(viewer, RISKS)
    with tenant_context(llr):
        visible.restricted = True
        visible.owner = User.objects.get(username="pmo.llr")
        visible.save()
    rows, _, _ = load(viewer, delta)
    assert rows == [{"@removed": {"reason": "changed"}, "id": visible.pk}]


def test_tenant_isolation_and_a_cursor_of_another_partnership(on, llr, northshire):
    north = client_for("pmo.north", "northshire")
    rows, _, _ = load(north, RISKS)
    with tenant_context(northshire):
        assert {row["id"] for row in rows} == set(Risk.objects.values_list("pk", flat=True))
    with tenant_context(llr):
        assert not {row["id"] for row in rows} & set(Risk.objects.values_list("pk", flat=True))
    llr_page = client_for("pmo.llr").get(f"{RISKS}?page_size=2").json()
    for url in (llr_page["@odata.nextLink"], load(client_for("pmo.llr"), RISKS)[1]):
        response = north.get(url)
        assert response.status_code == 400
        assert "another feed or partnership" in str(response.json())


def test_a_cursor_of_another_feed_is_refused(on):
    client = client_for("pmo.llr")
    delta = load(client, RISKS)[1]
    response = client.get("/api/v1/feeds/issues?" + delta.split("?", 1)[1])
    assert response.status_code == 400 and "another feed" in str(response.json())


@pytest.mark.parametrize("query, name", [
    ("cursor=nonsense", "cursor"), ("since=nonsense", "since"), ("$filter=status%20eq%20'open'", "$filter"),
    ("$orderby=title", "$orderby"), ("status=open", "status"), ("page_size=0", "page_size"),
    ("page_size=50000", "page_size"), ("$select=title,nope", "$select"), ("$format=xml", "$format"),
])
def test_bad_input_is_a_400_naming_the_parameter(on, query, name):
    response = client_for("pmo.llr").get(f"{RISKS}?{query}")
    assert response.status_code == 400, response.content
    assert name in response.json()


def test_an_altered_cursor_and_a_page_cursor_given_as_since_are_refused(on):
    client = client_for("pmo.llr")
    page = client.get(f"{RISKS}?page_size=2").json()
    cursor = page["@odata.nextLink"].split("cursor=", 1)[1]
    assert client.get(f"{RISKS}?since={cursor}").status_code == 400
    altered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert client.get(f"{RISKS}?cursor={altered}").status_code == 400


def test_an_unknown_feed_is_a_404(on):
    assert client_for("pmo.llr").get("/api/v1/feeds/nothing").status_code == 404


def test_select_and_top(on):
    client = client_for("pmo.llr")
    body = client.get(f"{RISKS}?$select=title,ref&$top=3&page_size=2").json()
    assert [set(row) for row in body["value"]] == [{"id", "title", "ref"}] * 2
    assert body["@odata.context"].endswith("$metadata#risks(id,title,ref)")
    last = client.get(body["@odata.nextLink"]).json()
    assert len(last["value"]) == 1 and "@odata.nextLink" not in last and "@odata.deltaLink" not in last


def test_basic_authentication_with_the_token_as_password(on):
    key = client_for("pmo.llr").key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"powerbi:{key}".encode()).decode())
    assert client.get(RISKS).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"powerbi:wrong").decode())
    response = client.get(RISKS)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")


def test_the_service_document_and_metadata_describe_every_feed(on):
    client = client_for("pmo.llr")
    listed = client.get(ROOT, HTTP_ACCEPT="application/json;odata.metadata=minimal").json()
    names = [entry["name"] for entry in listed["value"]]
    assert {"risks", "issues", "benefits", "business_cases", "change_requests", "plan_items", "budget_lines",
            "actuals", "highlight_reports", "workstreams", "projects"} <= set(names)
    response = client.get(f"{ROOT}$metadata", HTTP_ACCEPT="application/xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert response["OData-Version"] == "4.0"
    edm = "{http://docs.oasis-open.org/odata/ns/edm}"
    document = ElementTree.fromstring(response.content)
    sets = {entity.get("Name"): entity.get("EntityType") for entity in document.iter(f"{edm}EntitySet")}
    assert set(sets) == set(names)
    risk = next(entity for entity in document.iter(f"{edm}EntityType") if entity.get("Name") == "Risks")
    types = {prop.get("Name"): prop.get("Type") for prop in risk.iter(f"{edm}Property")}
    assert risk.find(f"{edm}Key/{edm}PropertyRef").get("Name") == "id"
    assert types["id"] == "Edm.Int64" and types["title"] == "Edm.String" and types["created"] == "Edm.DateTimeOffset"
    assert types["review_date"] == "Edm.Date" and types["restricted"] == "Edm.Boolean"


def test_every_feed_loads(on):
    client = client_for("pmo.llr")
    for entry in client.get(ROOT).json()["value"]:
        rows, delta, _ = load(client, f"{ROOT}{entry['url']}")
        assert delta, entry["name"]


def test_a_page_costs_the_same_queries_however_many_rows_it_holds(on, llr, no_overlap):
    from tests.queries import count

    client = client_for("pmo.llr")
    client.get(RISKS)  # the token's first use is recorded (once a minute): not counted below
    small, _ = count(client, f"{RISKS}?page_size=2")
    large, body = count(client, f"{RISKS}?page_size=500")
    assert small == large and len(body.json()["value"]) > 2
    delta = body.json()["@odata.deltaLink"]
    for risk in [make_risk(llr, title=f"Changed {n}") for n in range(3)]:
        with tenant_context(llr):
            risk.delete()
    one, _ = count(client, delta + "&page_size=1")
    three, changed = count(client, delta)
    assert one == three and len(changed.json()["value"]) == 3
