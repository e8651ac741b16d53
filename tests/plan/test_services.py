"""The plan's services: bad input refused naming the field with nothing saved, cycles named, slippage flagged,
tolerance raising a change request, approval re-baselining, and baselines taken and compared."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from change_control import services as change_control
from change_control.choices import Decision
from change_control.models import ChangeRequest
from core.exceptions import PermissionRefused
from core.signals import end_of_stage_report_approved
from lifecycle.models import EndOfStageReport
from plan import services
from plan.choices import BaselineReason, DependencyType, ItemKind, ItemStatus, Level
from plan.models import Baseline, PlanDependency, PlanItem, PlanSettings

pytestmark = pytest.mark.django_db


def weeks(today, n):
    return today + datetime.timedelta(weeks=n)


def test_items_are_numbered_and_their_history_kept(make_item):
    first, second = make_item("One"), make_item("Two")
    assert second.number == first.number + 1
    assert first.ref == f"PI-{first.number:04d}"
    assert first.history.count() == 1


def test_a_forecast_before_the_start_is_refused_naming_the_field(make_item, today):
    count = PlanItem.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_item("Deliverable", kind=ItemKind.DELIVERABLE, start_date=weeks(today, 6), forecast_date=weeks(today, 5))
    assert "before the item's start" in refused.value.message_dict["forecast_date"][0]
    assert PlanItem.objects.count() == count


def test_an_actual_date_in_the_future_is_refused(make_item, today):
    with pytest.raises(ValidationError) as refused:
        make_item("Done?", status=ItemStatus.COMPLETE, actual_date=today + datetime.timedelta(days=1))
    assert refused.value.message_dict["actual_date"] == ["An actual date cannot be in the future."]


def test_the_level_must_match_the_place(make_item, urgent_care):
    with pytest.raises(ValidationError) as refused:
        make_item("Misplaced", level=Level.PROGRAMME, workstream=urgent_care)
    assert "workstream" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_item("Nowhere", level=Level.PROJECT)
    assert "project" in refused.value.message_dict


def test_a_project_item_takes_its_projects_workstream(make_item, poa):
    item = make_item("PoA milestone", level=Level.PROJECT, project=poa)
    assert item.workstream_id == poa.workstream_id


@pytest.mark.parametrize("user,level,allowed", [
    ("pmo.llr", Level.PROGRAMME, True), ("director.llr", Level.PROGRAMME, True),
    ("lead.urgentcare.llr", Level.PROGRAMME, False), ("pm.poa.llr", Level.PROGRAMME, False),
    ("lead.urgentcare.llr", Level.WORKSTREAM, True), ("pm.poa.llr", Level.WORKSTREAM, False),
    ("pm.poa.llr", Level.PROJECT, True), ("lead.urgentcare.llr", Level.PROJECT, True),
    ("sro.llr", Level.PROGRAMME, False), ("viewer.uhl.llr", Level.PROJECT, False),
])
def test_who_may_add_where(make_item, urgent_care, poa, user, level, allowed):
    place = {Level.WORKSTREAM: {"workstream": urgent_care}, Level.PROJECT: {"project": poa}}.get(level, {})
    if allowed:
        assert make_item("Mine", level=level, user=user, **place).pk
    else:
        with pytest.raises(PermissionRefused):
            make_item("Not mine", level=level, user=user, **place)


def test_a_dependency_on_itself_is_refused(make_item, persona):
    item = make_item()
    with pytest.raises(ValidationError) as refused:
        services.add_dependency(persona("pmo.llr"), item, item)
    assert "itself" in str(refused.value)


def test_a_cycle_is_refused_with_the_cycle_named(make_item, persona):
    pmo = persona("pmo.llr")
    a, b, c = make_item("A"), make_item("B"), make_item("C")
    services.add_dependency(pmo, a, b)
    services.add_dependency(pmo, b, c)
    with pytest.raises(ValidationError) as refused:
        services.add_dependency(pmo, c, a)
    message = refused.value.message_dict["predecessor"][0]
    assert f"{c.ref} → {a.ref} → {b.ref} → {c.ref}" in message
    assert PlanDependency.objects.filter(predecessor=c).count() == 0


def test_a_predecessors_slip_flags_its_successors_with_the_chain(make_item, persona, today):
    pmo = persona("pmo.llr")
    design = make_item("Design", weeks=4)
    build = make_item("Build", kind=ItemKind.DELIVERABLE, start_date=weeks(today, 5), forecast_date=weeks(today, 10))
    launch = make_item("Launch", weeks=11)
    services.add_dependency(pmo, design, build, DependencyType.FINISH_TO_START)
    services.add_dependency(pmo, build, launch, DependencyType.FINISH_TO_START, lag_days=0)
    assert design.pk not in services.slippage() and build.pk not in services.slippage()
    services.update_item(design, pmo, forecast_date=weeks(today, 7))
    pushes = services.slippage()
    assert pushes[build.pk].days == 14
    assert pushes[launch.pk].chain == [design.ref, build.ref, launch.ref]


def test_a_slip_beyond_tolerance_raises_a_change_request_once(make_item, persona, today, urgent_care):
    pmo = persona("pmo.llr")
    item = make_item("Hub live", level=Level.WORKSTREAM, workstream=urgent_care, weeks=10)
    services.rebaseline_item(item, pmo)
    services.update_item(item, pmo, forecast_date=weeks(today, 14))  # four weeks: within a milestone's tolerance
    item.refresh_from_db()
    assert item.change_request_id is None
    services.update_item(item, pmo, forecast_date=weeks(today, 15))
    item.refresh_from_db()
    request = item.change_request
    assert request is not None and request.workstream_id == urgent_care.pk
    assert item.ref in request.title and "35 days after its baseline" in request.description
    services.update_item(item, pmo, forecast_date=weeks(today, 16))
    item.refresh_from_db()
    assert item.change_request_id == request.pk  # still open: not raised again


def test_any_slip_of_a_step_change_raises_one_and_the_tolerance_is_the_partnerships(make_item, persona, today, llr):
    pmo = persona("pmo.llr")
    step = make_item("Single point of access", kind=ItemKind.STEP_CHANGE, weeks=10)
    services.rebaseline_item(step, pmo)
    services.update_item(step, pmo, forecast_date=weeks(today, 10) + datetime.timedelta(days=1))
    step.refresh_from_db()
    assert step.change_request_id is not None
    settings = PlanSettings.for_tenant(llr)
    settings.milestone_tolerance_days = 60
    settings.save()
    milestone = make_item("Milestone", weeks=10)
    services.rebaseline_item(milestone, pmo)
    services.update_item(milestone, pmo, forecast_date=weeks(today, 18))
    milestone.refresh_from_db()
    assert milestone.change_request_id is None


def test_approving_the_change_rebaselines_the_item(make_item, persona, today, urgent_care):
    pmo = persona("pmo.llr")
    item = make_item("Hub live", level=Level.WORKSTREAM, workstream=urgent_care, weeks=10)
    services.rebaseline_item(item, pmo)
    services.update_item(item, persona("lead.urgentcare.llr"), forecast_date=weeks(today, 20))
    item.refresh_from_db()
    request = change_control.assess(item.change_request, pmo, "0.00")
    request = change_control.propose(request, pmo, "Accept the new date.")
    change_control.decide(request, persona("sro.urgentcare.llr"), Decision.APPROVE)
    item.refresh_from_db()
    assert item.baseline_date == weeks(today, 20)
    assert item.variance_days == 0


def test_a_rejected_change_leaves_the_baseline(make_item, persona, today, urgent_care):
    pmo = persona("pmo.llr")
    item = make_item("Hub live", level=Level.WORKSTREAM, workstream=urgent_care, weeks=10)
    services.rebaseline_item(item, pmo)
    services.update_item(item, pmo, forecast_date=weeks(today, 20))
    item.refresh_from_db()
    request = change_control.propose(change_control.assess(item.change_request, pmo, "0.00"), pmo, "Accept.")
    change_control.decide(request, persona("sro.urgentcare.llr"), Decision.REJECT, "Hold the date.")
    item.refresh_from_db()
    assert item.baseline_date == weeks(today, 10)
    assert ChangeRequest.objects.get(pk=request.pk).decision == Decision.REJECT


def test_only_the_plan_office_rebaselines_or_baselines(make_item, persona, poa):
    item = make_item("PoA", level=Level.PROJECT, project=poa, user="pm.poa.llr")
    with pytest.raises(PermissionRefused):
        services.rebaseline_item(item, persona("pm.poa.llr"))
    with pytest.raises(PermissionRefused):
        services.take_baseline(persona("lead.urgentcare.llr"), "Mine")


def test_baselines_snapshot_every_item_and_compare_item_by_item(make_item, persona, today):
    pmo = persona("pmo.llr")
    stays, moves = make_item("Stays", weeks=3), make_item("Moves", weeks=5)
    first = services.take_baseline(pmo, "First")
    services.update_item(moves, pmo, forecast_date=weeks(today, 7))
    added = make_item("Added", weeks=9)
    second = services.take_baseline(pmo, "Second")
    moves.refresh_from_db()
    assert moves.baseline_date == weeks(today, 7)
    rows = {row["ref"]: row for row in services.compare(first, second)}
    assert rows[moves.ref]["moved_days"] == 14 and rows[moves.ref]["change"] == "moved"
    assert rows[stays.ref]["change"] == "same"
    assert rows[added.ref]["change"] == "added" and rows[added.ref]["from"] is None
    assert first.entries.get(item=moves).baseline_date == weeks(today, 5)  # the earlier baseline is kept


def test_approving_an_end_of_stage_report_baselines_the_plan(make_item, persona):
    make_item("Anything")
    report = EndOfStageReport.objects.select_related("stage").first()
    before = Baseline.objects.count()
    end_of_stage_report_approved.send(sender=EndOfStageReport, report=report, user=persona("partnership.llr"))
    baseline = Baseline.objects.order_by("-number").first()
    assert Baseline.objects.count() == before + 1
    assert baseline.reason == BaselineReason.END_OF_STAGE and baseline.end_of_stage_report == report
    assert baseline.entries.count() == PlanItem.objects.count()


def test_completing_records_the_actual_date(make_item, persona, today):
    item = make_item(weeks=1)
    done = services.complete_item(item, persona("pmo.llr"), today)
    assert done.status == ItemStatus.COMPLETE and done.actual_date == today
    with pytest.raises(ValidationError):
        services.complete_item(done, persona("pmo.llr"))
