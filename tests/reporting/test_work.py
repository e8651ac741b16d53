"""What reporting asks of a person ("my work") and a place's latest-report panel."""

import datetime

import pytest

from reporting import services, work

pytestmark = pytest.mark.django_db


def test_the_writer_sees_the_report_to_write_and_the_sro_the_one_to_sign_off(in_llr, persona, write, period, poa):
    late = services.due_date(period) + datetime.timedelta(days=1)
    mine = work.work_for(persona("pm.poa.llr"), today=late)
    assert [item["kind"] for item in mine] == [work.WRITE]
    assert mine[0]["overdue"] is True and mine[0]["url"].endswith(f"?project={poa.pk}")
    report = services.submit(write(), persona("pm.poa.llr"))
    assert work.work_for(persona("pm.poa.llr"), today=late) == []
    awaiting = work.work_for(persona("sro.urgentcare.llr"), today=late)
    assert [(item["kind"], item["url"]) for item in awaiting if item["kind"] == work.SIGN_OFF] == [
        (work.SIGN_OFF, f"/reports/{report.pk}/")]
    assert all(item["kind"] != work.SIGN_OFF for item in work.work_for(persona("viewer.uhl.llr"), today=late))


def test_the_panel_shows_the_latest_signed_off_report(in_llr, persona, urgent_care):
    panel = work.place_panel(urgent_care, persona("lead.urgentcare.llr"))
    assert panel["signed_off"].overall_rag == "red" and len(panel["dimensions"]) == 5
    assert panel["list_url"].endswith(f"?workstream={urgent_care.pk}")
    assert work.place_panel(urgent_care, persona("viewer.uhl.llr"))["write_url"] == ""


def test_they_are_on_my_work_and_the_workstream_page(in_llr, persona, urgent_care, client):
    from core import registry

    lead = persona("lead.urgentcare.llr")
    groups = {source.key: items for source, items in registry.work_for(lead)}
    assert [item.kind for item in groups["reporting"]] == [item["kind"] for item in work.work_for(lead)]
    assert groups["reporting"], "the demo's Urgent Care report for the period just ended is overdue"
    client.force_login(lead)
    page = client.get(f"/programme/workstreams/{urgent_care.pk}/").content.decode()
    signed = work.place_panel(urgent_care, lead)["signed_off"]
    assert "Latest highlight report" in page and f'href="/reports/{signed.pk}/"' in page
    assert "Highlight reports to write or sign off" in client.get("/my-work/").content.decode()
