"""``stakeholders/`` in the API: filters, personal data left out for those not allowed it (and refused from them),
ratings outside 1-5 refused with nothing saved, the history endpoint, the download, erasure by the PMO."""

import io

import pytest
from openpyxl import load_workbook

from core.tenancy import tenant_context
from engagement.models import Stakeholder
from programme.models import Workstream

pytestmark = pytest.mark.django_db
URL = "/api/v1/stakeholders/"
CONTACT = {"contact_name": "Jo Bloggs", "email": "jo.bloggs@example.org", "phone": "0116 000 0000",
           "postal_address": "1 High Street"}
BODY = {"name": "Rutland Health Scrutiny", "kind": "group", "category": "scrutiny_committee", "interest": 4,
        "influence": 5, "current_support": "neutral", "target_support": "supportive"}


def test_personal_data_only_for_the_pmo_and_the_owner(api, make, persona):
    owned = make.stakeholder("Owned", owner=persona("director.llr"), **CONTACT)
    other = make.stakeholder("Not owned", **CONTACT)
    for username, sees in [("pmo.llr", {owned.pk, other.pk}), ("director.llr", {owned.pk}),
                           ("viewer.uhl.llr", set())]:
        rows = api(username).get(URL, {"page_size": 500}).json()["results"]
        shown = {row["id"] for row in rows if "email" in row}
        assert shown & {owned.pk, other.pk} == sees, username
        detail = api(username).get(f"{URL}{other.pk}/").json()
        assert ("phone" in detail) == (other.pk in sees)


def test_filters(api, make):
    make.stakeholder("Filter high", interest=5, influence=5)
    make.stakeholder("Filter low", interest=1, influence=1)
    client = api("viewer.uhl.llr")
    names = {row["name"] for row in client.get(URL, {"quadrant": "monitor", "search": "Filter"}).json()["results"]}
    assert names == {"Filter low"}
    assert client.get(URL, {"interest": "9"}).status_code == 400


@pytest.mark.parametrize("field,value", [("interest", 0), ("influence", 6), ("interest", "high")])
def test_a_rating_outside_1_to_5_is_a_400_and_nothing_is_saved(api, llr, field, value):
    client = api("pmo.llr")
    response = client.post(URL, {**BODY, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    with tenant_context(llr):
        assert not Stakeholder.objects.filter(name=BODY["name"]).exists()


def test_create_change_and_history(api, llr):
    client = api("pmo.llr")
    with tenant_context(llr):
        urgent = Workstream.objects.get(name="Urgent Care").pk
    created = client.post(URL, {**BODY, "workstreams": [urgent], "owner": "director.llr", **CONTACT}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["ref"].startswith("SH-") and data["email"] == CONTACT["email"] and data["workstreams"] == [urgent]
    changed = client.patch(f"{URL}{data['id']}/", {"current_support": "supportive"}, format="json")
    assert changed.status_code == 200 and changed.json()["current_support"] == "supportive"
    history = client.get(f"{URL}{data['id']}/history/").json()
    assert [entry["type"] for entry in history] == ["changed", "created"]
    assert "example.org" not in str(history)


def test_someone_not_allowed_personal_data_may_not_send_it(api, llr, make):
    director = api("director.llr")
    refused = director.post(URL, {**BODY, **CONTACT}, format="json")  # owner someone else (nobody)
    assert refused.status_code == 400 and "email" in refused.json()
    with tenant_context(llr):
        assert not Stakeholder.objects.filter(name=BODY["name"]).exists()
        stakeholder = make.stakeholder("Kept", **CONTACT)
    assert director.patch(f"{URL}{stakeholder.pk}/", {"phone": "999"}, format="json").status_code == 400
    assert director.patch(f"{URL}{stakeholder.pk}/", {"interest": 2}, format="json").status_code == 200
    with tenant_context(llr):
        stakeholder.refresh_from_db()
    assert (stakeholder.phone, stakeholder.interest) == (CONTACT["phone"], 2)


def test_a_workstream_of_another_partnership_is_refused(api, llr, northshire):
    with tenant_context(llr):
        foreign = Workstream.objects.order_by("pk").first().pk
    response = api("pmo.north").post(URL, {**BODY, "workstreams": [foreign]}, format="json")
    assert response.status_code == 400 and "workstreams" in response.json()


def test_the_download_leaves_personal_data_out_for_others(api, make):
    make.stakeholder("Download me", **CONTACT)
    for username, personal in [("pmo.llr", True), ("viewer.uhl.llr", False)]:
        response = api(username).get(URL, {"format": "xlsx", "search": "Download"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        headings = [cell.value for cell in sheet[2]]
        assert ("Email" in headings) == personal
        assert [row[0].value for row in sheet.iter_rows(min_row=3)] == [
            Stakeholder.objects.get(name="Download me").ref]


def test_erasure_through_the_api(api, make):
    stakeholder = make.stakeholder("Erase me", kind="person", **CONTACT)
    url = f"{URL}{stakeholder.pk}/erase/"
    assert api("director.llr").post(url, {"reason": "asked"}, format="json").status_code == 403
    assert api("pmo.llr").post(url, {}, format="json").status_code == 400
    done = api("pmo.llr").post(url, {"reason": "Request by letter"}, format="json")
    assert done.status_code == 200
    assert done.json()["email"] == "" and done.json()["erased_by"] == "pmo.llr"
    assert done.json()["name"] == f"Erased person ({stakeholder.ref})"
