"""The route of a highlight report: written and submitted by the project manager, signed off or returned by the
workstream SRO; the bad input the issue names refused with the field named and nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import PermissionRefused, WrongState
from reporting import services
from reporting.choices import ReportStatus
from reporting.models import HighlightReport

pytestmark = pytest.mark.django_db


def test_a_new_report_is_prefilled_with_suggestions_and_facts(in_llr, persona, poa):
    report = services.new_report(persona("pm.poa.llr"), poa)
    assert report.pk is None
    assert report.schedule_suggested in ("red", "amber", "green")
    assert report.schedule_rag == report.schedule_suggested
    assert report.prefill["dimensions"]["schedule"]["facts"]
    assert report.resources_suggested == ""
    assert report.overall_rag == report.overall_suggested


def test_the_project_manager_writes_and_submits_and_the_sro_signs_off(write, persona):
    report = write()
    assert report.status == ReportStatus.DRAFT and report.ref.startswith("HR-")
    submitted = services.submit(report, persona("pm.poa.llr"))
    assert submitted.status == ReportStatus.SUBMITTED
    signed = services.sign_off(submitted, persona("sro.urgentcare.llr"))
    assert signed.status == ReportStatus.SIGNED_OFF and signed.signed_off_by.username == "sro.urgentcare.llr"
    with pytest.raises(WrongState):
        services.update_report(signed, persona("pm.poa.llr"), achievements="Changed after sign-off")


def test_nobody_signs_off_their_own_report(write, persona):
    report = services.submit(write(), persona("pm.poa.llr"))
    with pytest.raises(ValidationError, match="separation of duties"):
        services.sign_off(report, persona("pm.poa.llr"))
    assert HighlightReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_a_project_manager_cannot_sign_off(write, persona, in_llr):
    report = services.submit(write(), persona("pm.poa.llr"))
    with pytest.raises(PermissionRefused):
        services.sign_off(report, persona("lead.urgentcare.llr"))


def test_returning_needs_a_reason_and_the_author_resubmits(write, persona):
    report = services.submit(write(), persona("pm.poa.llr"))
    with pytest.raises(ValidationError) as caught:
        services.return_report(report, persona("sro.urgentcare.llr"), "  ")
    assert "reason" in caught.value.message_dict
    returned = services.return_report(report, persona("sro.urgentcare.llr"), "The finance forecast is missing.")
    assert returned.status == ReportStatus.RETURNED and returned.return_reason
    again = services.submit(services.update_report(returned, persona("pm.poa.llr"), finance_forecast="On budget"),
                            persona("pm.poa.llr"))
    assert again.status == ReportStatus.SUBMITTED


def test_amber_or_red_without_commentary_is_refused(write, in_llr):
    count = HighlightReport.objects.count()
    with pytest.raises(ValidationError) as caught:
        write(schedule_rag="red", schedule_commentary="")
    assert "schedule_commentary" in caught.value.message_dict
    assert HighlightReport.objects.count() == count


def test_differing_from_the_suggestion_needs_commentary(in_llr, persona, poa, write):
    suggested = services.new_report(persona("pm.poa.llr"), poa).finance_suggested
    other = "green" if suggested != "green" else "amber"
    with pytest.raises(ValidationError) as caught:
        write(finance_rag=other, finance_commentary="")
    assert "finance_commentary" in caught.value.message_dict


def test_a_rag_outside_red_amber_green_is_refused(write):
    with pytest.raises(ValidationError) as caught:
        write(risks_rag="yellow")
    assert "risks_rag" in caught.value.message_dict


def test_no_new_report_for_a_period_already_signed_off(write, persona):
    services.sign_off(services.submit(write(), persona("pm.poa.llr")), persona("sro.urgentcare.llr"))
    count = HighlightReport.objects.count()
    with pytest.raises(ValidationError, match="already signed off"):
        write()
    assert HighlightReport.objects.count() == count


def test_reopening_a_signed_off_report_starts_the_next_version(write, persona):
    signed = services.sign_off(services.submit(write(), persona("pm.poa.llr")), persona("sro.urgentcare.llr"))
    copy = services.reopen(signed, persona("sro.urgentcare.llr"), "The benefits figures were restated.")
    assert copy.version == 2 and copy.status == ReportStatus.DRAFT and copy.pk != signed.pk
    assert HighlightReport.objects.get(pk=signed.pk).status == ReportStatus.SIGNED_OFF


def test_a_workstream_report_rolls_up_its_projects(write, persona, urgent_care, in_llr):
    project_report = services.submit(write(schedule_rag="red", schedule_commentary="Two items are late."),
                                     persona("pm.poa.llr"))
    assert project_report.overall_suggested == "red"
    ws = services.new_report(persona("lead.urgentcare.llr"), workstream=urgent_care)
    assert ws.overall_suggested == "red"
    assert [row["ref"] for row in ws.prefill["projects"]] == [project_report.ref]
