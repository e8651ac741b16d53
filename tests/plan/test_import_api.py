"""``POST plan-items/import/``: the browser's import for a partner's systems. ``?dry_run=true`` answers the preview
and writes nothing; without it the file is applied all or nothing; a refused row is a 400 naming row and column."""

import datetime

import pytest

from plan.models import PlanDependency, PlanItem
from tests.plan.test_import import HEADER, history_rows, upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/plan-items/import/"


def test_a_dry_run_answers_the_changes_and_writes_nothing_then_the_import_applies_them(api, make_item, today):
    item = make_item("Go-live", weeks=3)
    later = today + datetime.timedelta(weeks=7)
    text = HEADER + (f"{item.ref},Milestone,Go-live,Programme,,,,,,{later},,On track,,,\n"
                     f",Milestone,Added by the API,Programme,,,,,,{later},,Not started,{item.ref},,\n")
    client, rows = api("pmo.llr"), history_rows()
    dry = client.post(f"{URL}?dry_run=true", {"file": upload(text)}, format="multipart")
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] is True and (dry.json()["added"], dry.json()["changed"]) == (1, 1)
    [change] = dry.json()["changes"]
    assert change["ref"] == item.ref and change["fields"]["Forecast date"][1] == f"{later:%d/%m/%Y}"
    assert history_rows() == rows and not PlanItem.objects.filter(title="Added by the API").exists()

    done = client.post(URL, {"file": upload(text)}, format="multipart")
    assert done.status_code == 200 and done.json()["dry_run"] is False
    item.refresh_from_db()
    added = PlanItem.objects.get(title="Added by the API")
    assert item.forecast_date == later
    assert PlanDependency.objects.filter(predecessor=item, successor=added).exists()


def test_a_bad_row_is_a_400_naming_it_and_nothing_is_saved(api, make_item, today):
    item = make_item("Go-live", weeks=3)
    text = HEADER + (f"{item.ref},Milestone,Renamed,Programme,,,,,,{today + datetime.timedelta(weeks=4)},,,,,\n"
                     f",Milestone,Bad date,Programme,,,,,,31/02/2027,,,,,\n")
    rows = history_rows()
    response = api("pmo.llr").post(URL, {"file": upload(text)}, format="multipart")
    assert response.status_code == 400
    [message] = response.json()["file"]
    assert message.startswith("Row 3: Forecast date")
    item.refresh_from_db()
    assert item.title == "Go-live" and history_rows() == rows


def test_no_file_is_a_400(api, in_llr):
    response = api("pmo.llr").post(URL, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
