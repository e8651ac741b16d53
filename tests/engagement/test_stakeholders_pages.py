"""The stakeholder register's pages: the register (filters, contact column, constant queries), the .xlsx export
read back, the power/interest grid, a stakeholder's page, the forms (bad ratings refused), and erasure."""

import io

import pytest
from openpyxl import load_workbook

from engagement.choices import StakeholderKind
from engagement.models import Stakeholder
from tests.queries import count

pytestmark = pytest.mark.django_db
CONTACT = {"contact_name": "Jo Bloggs", "email": "jo.bloggs@example.org", "phone": "0116 000 0000",
           "postal_address": "1 High Street, Leicester"}


def logged_in(client, persona, username):
    client.force_login(persona(username))
    return client


def test_the_register_lists_and_filters(client, persona, make):
    make.stakeholder("Healthwatch Rutland", interest=5, influence=2)
    make.stakeholder("Leicester City Health Scrutiny", category="scrutiny_committee", interest=4, influence=5)
    page = logged_in(client, persona, "director.llr").get("/engagement/stakeholders/",
                                                          {"category": "scrutiny_committee"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Leicester City Health Scrutiny" in text and "Healthwatch Rutland" not in text
    assert "data-portal-filters" in text  # the filters send only what was chosen (static/js/filters.js)
    assert "nhsuk-width-container-fluid" in text
    quadrant = client.get("/engagement/stakeholders/", {"quadrant": "keep_informed"}).content.decode()
    assert "Healthwatch Rutland" in quadrant and "Leicester City Health Scrutiny" not in quadrant


def test_contacts_only_for_the_pmo_and_the_owner(client, persona, make):
    lead = persona("director.llr")
    make.stakeholder("Owned by the director", owner=lead, **CONTACT)
    make.stakeholder("Owned by nobody", **{**CONTACT, "email": "other@example.org"})
    as_pmo = logged_in(client, persona, "pmo.llr").get("/engagement/stakeholders/").content.decode()
    assert "jo.bloggs@example.org" in as_pmo and "other@example.org" in as_pmo
    as_owner = logged_in(client, persona, "director.llr").get("/engagement/stakeholders/").content.decode()
    assert "jo.bloggs@example.org" in as_owner and "other@example.org" not in as_owner
    as_other = logged_in(client, persona, "viewer.uhl.llr").get("/engagement/stakeholders/").content.decode()
    assert "@example.org" not in as_other and ">Contact<" not in as_other


def test_the_register_makes_the_same_queries_however_many_stakeholders(client, persona, make, urgent_care):
    logged_in(client, persona, "pmo.llr")
    make.stakeholder("First", owner=persona("director.llr"), workstreams=[urgent_care])
    count(client, "/engagement/stakeholders/")  # the first request fills the per-process caches
    few = count(client, "/engagement/stakeholders/")[0]
    for number in range(12):
        make.stakeholder(f"More {number}", owner=persona("pmo.llr"), workstreams=[urgent_care], **CONTACT)
    many = count(client, "/engagement/stakeholders/")[0]
    assert many == few
    assert count(client, "/engagement/stakeholders/grid/")[0] == count(client, "/engagement/stakeholders/grid/")[0]


def read(response):
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headings = [cell.value for cell in sheet[2]]
    return headings, [dict(zip(headings, [cell.value for cell in row], strict=True))
                      for row in sheet.iter_rows(min_row=3)]


def test_the_export_round_trips_and_leaves_personal_data_out_for_others(client, persona, make, urgent_care):
    mine = make.stakeholder("Owned by the director", owner=persona("director.llr"), interest=5, influence=4,
                            workstreams=[urgent_care], **CONTACT)
    make.stakeholder("Someone else's", owner=persona("pmo.llr"), **{**CONTACT, "email": "other@example.org"})
    headings, rows = read(logged_in(client, persona, "pmo.llr").get("/engagement/stakeholders/",
                                                                     {"format": "xlsx"}))
    by_ref = {row["Ref"]: row for row in rows}
    assert set(by_ref) == set(Stakeholder.objects.values_list("ref", flat=True))  # every row, none invented
    row = by_ref[mine.ref]
    assert (row["Name"], row["Interest"], row["Influence"], row["Workstream"]) == (mine.name, 5, 4, "Urgent Care")
    assert (row["Kind"], row["Current support"], row["Email"]) == ("Organisation", "Unaware", CONTACT["email"])
    assert Stakeholder.objects.get(ref=row["Ref"]).interest == row["Interest"]

    headings, rows = read(logged_in(client, persona, "director.llr").get("/engagement/stakeholders/",
                                                                         {"format": "xlsx"}))
    emails = {row["Ref"]: row["Email"] for row in rows}
    assert emails[mine.ref] == CONTACT["email"] and "other@example.org" not in emails.values()

    headings, rows = read(logged_in(client, persona, "viewer.uhl.llr").get("/engagement/stakeholders/",
                                                                       {"format": "xlsx", "search": "Owned"}))
    assert not {"Contact name", "Email", "Phone", "Postal address"} & set(headings)
    assert [row["Ref"] for row in rows] == [mine.ref]  # the filters apply to the download


def test_the_grid_page_draws_the_svg_with_its_table(client, persona, make):
    make.stakeholder("Grid one", interest=5, influence=5)
    make.stakeholder("Grid two", interest=5, influence=5)
    page = logged_in(client, persona, "viewer.uhl.llr").get("/engagement/stakeholders/grid/", {"search": "Grid"})
    text = page.content.decode()
    assert '<svg' in text and 'role="img"' in text
    assert 'data-interest="5" data-influence="5" data-count="2"' in text
    assert 'data-interest="1" data-influence="1" data-count="0"' in text
    assert "<caption" in text and "Manage closely" in text and "Grid two" in text


def test_the_stakeholder_page_shows_contacts_to_the_owner_only(client, persona, make):
    stakeholder = make.stakeholder("A councillor", kind=StakeholderKind.PERSON, owner=persona("director.llr"),
                                   **CONTACT)
    url = f"/engagement/stakeholders/{stakeholder.pk}/"
    assert CONTACT["phone"] in logged_in(client, persona, "director.llr").get(url).content.decode()
    other = logged_in(client, persona, "viewer.uhl.llr").get(url).content.decode()
    assert CONTACT["phone"] not in other and "History" in other
    assert "Erase the personal data" not in other


def test_adding_with_a_rating_outside_1_to_5_is_a_form_error_and_saves_nothing(client, persona, in_llr):
    logged_in(client, persona, "pmo.llr")
    before = Stakeholder.objects.count()
    form = {"name": "Bad rating", "kind": "group", "category": "other", "interest": "6", "influence": "0",
            "current_support": "neutral", "target_support": "supportive"}
    page = client.post("/engagement/stakeholders/new/", form)
    assert page.status_code == 400
    assert "nhsuk-error-summary" in page.content.decode()
    assert Stakeholder.objects.count() == before
    added = client.post("/engagement/stakeholders/new/", {**form, "interest": "5", "influence": "1", **CONTACT})
    assert added.status_code == 302
    assert Stakeholder.objects.get(name="Bad rating").email == CONTACT["email"]


def test_editing_without_personal_data_rights_leaves_it_alone(client, persona, make):
    stakeholder = make.stakeholder("Kept contact", **CONTACT)
    logged_in(client, persona, "director.llr")
    form = client.get(f"/engagement/stakeholders/{stakeholder.pk}/edit/").content.decode()
    assert 'name="email"' not in form
    posted = client.post(f"/engagement/stakeholders/{stakeholder.pk}/edit/", {
        "name": "Kept contact", "kind": "organisation", "category": "other", "interest": "2", "influence": "2",
        "current_support": "neutral", "target_support": "supportive", "email": "hijack@example.org"})
    assert posted.status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.interest, stakeholder.email) == (2, CONTACT["email"])


def test_the_pmo_erases_personal_data_and_the_history_keeps_none(client, persona, make):
    stakeholder = make.stakeholder("Cllr Jane Example", kind=StakeholderKind.PERSON, description="Jane's views",
                                   **CONTACT)
    url = f"/engagement/stakeholders/{stakeholder.pk}/erase/"
    assert logged_in(client, persona, "director.llr").post(url, {"reason": "Asked"}).status_code == 403
    assert logged_in(client, persona, "pmo.llr").post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Request by email, 3 March"}).status_code == 302
    stakeholder.refresh_from_db()
    assert all(getattr(stakeholder, name) == "" for name in CONTACT)
    assert stakeholder.erased_at and stakeholder.erased_by.username == "pmo.llr"
    assert stakeholder.name == f"Erased person ({stakeholder.ref})" and stakeholder.description == ""
    history = list(Stakeholder.history.filter(id=stakeholder.pk).values())
    assert len(history) == 2
    flat = " ".join(str(value) for row in history for value in row.values())
    assert "Jane" not in flat and "example.org" not in flat and "0116" not in flat and "High Street" not in flat
    assert "Request by email" in flat
    page = client.get(f"/engagement/stakeholders/{stakeholder.pk}/").content.decode()
    assert "erased on request" in page and "Jane" not in page


def test_the_raci_decides_who_keeps_the_register(client, persona, make):
    """Appendix 3 "engage stakeholders": the Programme Director (R) and the PMO (C) keep it; a partner viewer reads."""
    stakeholder = make.stakeholder("Read only")
    viewer = logged_in(client, persona, "viewer.uhl.llr")
    assert viewer.get("/engagement/stakeholders/new/").status_code == 403
    assert viewer.get(f"/engagement/stakeholders/{stakeholder.pk}/edit/").status_code == 403
    assert "Add a stakeholder" not in viewer.get("/engagement/stakeholders/").content.decode()
    assert logged_in(client, persona, "director.llr").get("/engagement/stakeholders/new/").status_code == 200
    # The Delivery Board is consulted (C) as a board, at its meetings: its members do not keep the register.
    board_member = logged_in(client, persona, "delivery.llr")
    assert board_member.get("/engagement/stakeholders/new/").status_code == 403
    assert board_member.get(f"/engagement/stakeholders/{stakeholder.pk}/edit/").status_code == 403
    assert logged_in(client, persona, "pmo.llr").get(f"/engagement/stakeholders/{stakeholder.pk}/edit/").status_code \
        == 200
