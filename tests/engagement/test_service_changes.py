"""The service change register, its page, forms and export (issue 21 "Service changes and consultation")."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from engagement.choices import EvidenceKind, FourTestName
from engagement.models import FourTest, ServiceChange, TestEvidence
from programme.models import Workstream
from tests.queries import count

from .consultation_helpers import DAY, demo_change, new_change

pytestmark = pytest.mark.django_db
REGISTER = "/engagement/service-changes/"


def form_data(**values):
    data = {"title": "Close the minor injuries unit overnight", "description": "", "status": "proposed",
            "workstream": str(Workstream.objects.get(name="Urgent Care").pk)}
    data.update(values)
    return data


def test_the_register_lists_each_change_with_its_four_tests_status(in_llr, browser):
    response = browser("viewer.uhl.llr").get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    change = demo_change()
    assert change.ref in html and change.title in html
    assert "3 of 4 evidenced" in html


def test_the_register_makes_the_same_queries_however_many_changes(in_llr, browser, persona):
    client = browser("pmo.llr")
    count(client, REGISTER)  # the session's and the permissions' first reads
    before, _ = count(client, REGISTER)
    for number in range(3):
        new_change(persona("pmo.llr"), title=f"Extra change {number}")
    after, response = count(client, REGISTER)
    assert "Extra change 2" in response.content.decode()
    assert after == before


def test_recording_a_change_makes_its_four_tests(in_llr, browser):
    response = browser("pmo.llr").post(f"{REGISTER}new/", form_data())
    assert response.status_code == 302
    change = ServiceChange.objects.get(title="Close the minor injuries unit overnight")
    assert sorted(change.four_tests.values_list("test", flat=True)) == sorted(FourTestName.values)
    assert change.history.first().history_change_reason == "Service change recorded"


@pytest.mark.parametrize("dates,field", [
    ({"pre_consultation_start": "2026-03-10", "pre_consultation_end": "2026-03-01"}, "pre_consultation_end"),
    ({"consultation_start": "2026-05-10", "consultation_end": "2026-05-01"}, "consultation_end"),
    ({"pre_consultation_start": "2026-03-01", "pre_consultation_end": "2026-04-30",
      "consultation_start": "2026-04-01"}, "consultation_start"),
])
def test_dates_out_of_order_are_a_form_error_and_nothing_is_saved(in_llr, browser, dates, field):
    before = ServiceChange.objects.count()
    response = browser("pmo.llr").post(f"{REGISTER}new/", form_data(**dates))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert ServiceChange.objects.count() == before
    assert FourTest.objects.filter(service_change__title="Close the minor injuries unit overnight").count() == 0


def test_editing_out_of_order_changes_nothing(in_llr, browser, persona):
    change = new_change(persona("pmo.llr"), consultation_start=DAY, consultation_end=DAY + datetime.timedelta(30))
    data = form_data(title=change.title, consultation_start="2026-06-01", consultation_end="2026-05-01")
    response = browser("pmo.llr").post(f"{REGISTER}{change.pk}/edit/", data)
    assert response.status_code == 400
    change.refresh_from_db()
    assert change.consultation_start == DAY


def test_a_viewer_may_read_but_not_record(in_llr, browser):
    client = browser("viewer.uhl.llr")
    assert client.get(f"{REGISTER}{demo_change().pk}/").status_code == 200
    assert client.get(f"{REGISTER}new/").status_code == 403
    assert client.post(f"{REGISTER}new/", form_data()).status_code == 403
    assert not ServiceChange.objects.filter(title="Close the minor injuries unit overnight").exists()


def test_the_page_shows_the_tracker_tests_and_history(in_llr, browser):
    change = demo_change()
    html = browser("pmo.llr").get(f"{REGISTER}{change.pk}/").content.decode()
    for test in FourTestName.labels:
        assert test in html
    assert "Not evidenced" in html
    assert "Points of Access co-design workshop 1" in html  # its pre-consultation engagement
    assert "Service change recorded" in html  # history


def test_evidence_without_what_its_kind_needs_is_refused(in_llr, browser, persona):
    change = new_change(persona("pmo.llr"))
    test = change.four_tests.get(test=FourTestName.ENGAGEMENT)
    url = f"{REGISTER}{change.pk}/tests/{test.pk}/evidence/"
    prefix = f"evidence-{test.pk}"
    response = browser("pmo.llr").post(url, {f"{prefix}-kind": EvidenceKind.ENGAGEMENT_RECORD})
    assert response.status_code == 400
    assert not TestEvidence.objects.filter(four_test=test).exists()
    response = browser("pmo.llr").post(url, {f"{prefix}-kind": EvidenceKind.DOCUMENT, f"{prefix}-title": "Survey"})
    assert response.status_code == 302
    assert TestEvidence.objects.get(four_test=test).title == "Survey"


def test_assessing_a_test_is_recorded_in_the_history(in_llr, browser, persona):
    change = new_change(persona("pmo.llr"))
    test = change.four_tests.get(test=FourTestName.PATIENT_CHOICE)
    response = browser("pmo.llr").post(f"{REGISTER}{change.pk}/tests/{test.pk}/assess/",
                                       {f"test-{test.pk}-assessment": "Choice of site is kept."})
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.assessment == "Choice of site is kept."
    html = browser("pmo.llr").get(f"{REGISTER}{change.pk}/").content.decode()
    assert "Test: Consistency with current and prospective need for patient choice" in html


def test_the_export_round_trips(in_llr, browser):
    response = browser("pmo.llr").get(REGISTER, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "No")
    change = demo_change()
    found = next(row for row in rows if row and row[0] == change.ref)
    record = dict(zip(header, found, strict=False))
    assert record["Title"] == change.title
    assert record["Status"] == "Awaiting consultation decision"
    assert record[FourTestName.PATIENT_CHOICE.label] == "Not evidenced"
    assert record[FourTestName.ENGAGEMENT.label] == "Evidenced (2)"


def test_filters_send_what_was_chosen(in_llr, browser):
    change = demo_change()
    html = browser("pmo.llr").get(REGISTER, {"unevidenced": "patient_choice"}).content.decode()
    assert change.title in html
    html = browser("pmo.llr").get(REGISTER, {"fully_evidenced": "true"}).content.decode()
    assert change.title not in html
