"""The RACI matrix is data the PMO edits (R for 'manage information'), from the API and the browser: the change
takes effect at once and keeps who, when and why; bad letters are a 400 and nothing is saved."""

import pytest

from core.models import RaciEntry
from core.tenancy import tenant_context

from .test_pages import browser

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lifecycle/raci/"
PERFORM = "/api/v1/lifecycle/processes/prepare_for_the_next_stage/perform/"


def cell(llr, process, role):
    with tenant_context(llr):
        return RaciEntry.objects.get(process=process, role=role)


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def test_the_matrix_is_listed_and_filtered(api, llr):
    found = rows(api("viewer.uhl.llr").get(BASE + "?process=approve_programme_closure&role=partnership_board"))
    assert [(row["process"], row["role"], row["letters"]) for row in found] == [
        ("approve_programme_closure", "partnership_board", "A")]


@pytest.mark.parametrize("who,code", [("pmo.llr", 200), ("director.llr", 403), ("sro.llr", 403),
                                      ("delivery.llr", 403), ("partnership.llr", 403), ("viewer.uhl.llr", 403)])
def test_only_the_pmo_edits_the_matrix(api, llr, who, code):
    entry = cell(llr, "prepare_for_the_next_stage", "pmo")
    response = api(who).patch(f"{BASE}{entry.pk}/", {"letters": "R"}, format="json")
    assert response.status_code == code, response.content
    if code == 403:
        assert response.json()["allowed_roles"] == ["pmo"]
        assert cell(llr, "prepare_for_the_next_stage", "pmo").letters == "C"


def test_an_edit_changes_who_may_act_at_once_with_history(api, llr):
    pmo = api("pmo.llr")
    assert pmo.post(PERFORM, {}, format="json").status_code == 403
    entry = cell(llr, "prepare_for_the_next_stage", "pmo")
    changed = pmo.patch(f"{BASE}{entry.pk}/", {"letters": "cr", "reason": "PMO drafts the next stage"},
                        format="json")
    assert changed.status_code == 200 and changed.json()["letters"] == "RC"
    assert pmo.post(PERFORM, {}, format="json").status_code == 201
    history = pmo.get(f"{BASE}{entry.pk}/history/").json()
    latest = history["changes"][0]
    assert latest["who"] == "pmo.llr" and latest["reason"] == "PMO drafts the next stage"
    assert latest["changes"] == [{"field": "letters", "label": "letters", "old": "C", "new": "RC"}]


@pytest.mark.parametrize("letters", ["X", "RR", "RACIR", 7])
def test_bad_letters_are_refused_and_nothing_saved(api, llr, letters):
    entry = cell(llr, "review_programme", "pmo")
    response = api("pmo.llr").patch(f"{BASE}{entry.pk}/", {"letters": letters}, format="json")
    assert response.status_code == 400 and "letters" in response.json()
    assert cell(llr, "review_programme", "pmo").letters == "C"


def test_the_matrix_keeps_someone_who_may_edit_it(api, llr):
    entry = cell(llr, "manage_information", "pmo")
    response = api("pmo.llr").patch(f"{BASE}{entry.pk}/", {"letters": "C"}, format="json")
    assert response.status_code == 400 and "nobody could edit the matrix" in str(response.json())
    assert cell(llr, "manage_information", "pmo").letters == "R"


def test_the_process_page_shows_the_matrix_and_its_history(llr):
    page = browser("director.llr", llr).get("/lifecycle/processes/review_programme/")
    body = page.content.decode()
    assert page.status_code == 200 and "Joint SRO" in body and "Save the letters" not in body
    assert browser("director.llr", llr).post("/lifecycle/processes/review_programme/raci/",
                                             {"letters_pmo": "R"}).status_code == 403
    assert cell(llr, "review_programme", "pmo").letters == "C"
    assert "Save the letters" in browser("pmo.llr", llr).get("/lifecycle/processes/review_programme/").content.decode()


def test_the_pmo_edits_a_process_row_in_the_browser(llr):
    pmo = browser("pmo.llr", llr)
    url = "/lifecycle/processes/review_programme/raci/"
    bad = pmo.post(url, {"letters_pmo": "CQ", "letters_joint_sro": "AR", "reason": "typo"})
    assert bad.status_code == 400 and "at most once" in bad.content.decode()
    assert cell(llr, "review_programme", "pmo").letters == "C"
    row = {f"letters_{entry.role}": entry.letters for entry in RaciEntry.all_tenants.filter(
        tenant=llr, process="review_programme")}
    done = pmo.post(url, {**row, "letters_pmo": "R", "reason": "PMO runs the review"})
    assert done.status_code == 302
    assert cell(llr, "review_programme", "pmo").letters == "R"
    page = pmo.get("/lifecycle/processes/review_programme/").content.decode()
    assert "PMO runs the review" in page


def test_an_unknown_process_page_is_404(llr):
    assert browser("pmo.llr", llr).get("/lifecycle/processes/make_the_tea/").status_code == 404
    assert browser("pmo.llr", llr).post("/lifecycle/processes/make_the_tea/raci/", {}).status_code == 404


def test_the_same_letters_in_another_order_are_no_change(api, llr):
    entry = cell(llr, "review_programme", "joint_sro")  # seeded "AR"
    response = api("pmo.llr").patch(f"{BASE}{entry.pk}/", {"letters": "RA"}, format="json")
    assert response.status_code == 200
    with tenant_context(llr):
        assert not RaciEntry.objects.get(pk=entry.pk).history.exists()
