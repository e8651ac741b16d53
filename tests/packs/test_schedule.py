"""The review cycle on a schedule (DOMAIN.md s8): every job is idempotent, so running it twice creates nothing."""

import datetime

import pytest

from core import registry
from core.models import Notification
from meetings.models import BoardPack, MeetingAction, MeetingSettings, ScheduledRun
from meetings.packs import schedule, tasks
from risks.choices import Level, MoveStatus
from risks.models import Risk, RiskMove, RiskSettings

pytestmark = pytest.mark.django_db


def test_packs_are_queued_days_before_each_meeting_once(llr, next_meeting, django_capture_on_commit_callbacks):
    meeting = next_meeting("delivery_board")
    days = MeetingSettings.for_tenant(llr).pack_days_before
    assert days == 7
    schedule.render_due_packs(llr, today=meeting.date - datetime.timedelta(days=days + 1))
    assert not meeting.packs.exists(), "too early for this meeting"

    today = meeting.date - datetime.timedelta(days=days)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        created = schedule.render_due_packs(llr, today=today)
    assert created >= 1 and meeting.packs.count() == 1 and len(queued) == created
    assert meeting.packs.get().requested_by is None
    assert schedule.render_due_packs(llr, today=today) == 0
    assert schedule.render_due_packs(llr, today=today + datetime.timedelta(days=1)) == 0
    assert meeting.packs.count() == 1


def test_the_days_before_are_a_tenant_setting(llr, next_meeting):
    meeting = next_meeting("delivery_board")
    settings_row = MeetingSettings.for_tenant(llr)
    settings_row.pack_days_before = 2
    settings_row.save()
    schedule.render_due_packs(llr, today=meeting.date - datetime.timedelta(days=3))
    assert not meeting.packs.exists()
    schedule.render_due_packs(llr, today=meeting.date - datetime.timedelta(days=2))
    assert meeting.packs.count() == 1


def test_the_beat_task_covers_every_partnership(llr, northshire):
    result = tasks.render_due_packs_everywhere()
    assert set(result) == {"llr", "northshire"}
    assert tasks.render_due_packs_everywhere() == {"llr": 0, "northshire": 0}


def test_escalation_proposals_run_once_ahead_of_each_risk_review_meeting(llr, in_llr):
    RiskMove.objects.filter(status=MoveStatus.PROPOSED).delete()
    risk = Risk.objects.filter(level=Level.PROJECT, residual_score__gte=15).first() or Risk.objects.filter(
        level=Level.PROJECT).first()
    Risk.objects.filter(pk=risk.pk).update(inherent_likelihood=5, inherent_impact=5, inherent_score=25,
                                           residual_likelihood=4, residual_impact=5, residual_score=20)
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(risk_review=True, status="scheduled").order_by("date").first()
    assert meeting is not None, "the demo schedules a risk-review meeting"
    today = meeting.date - datetime.timedelta(days=1)
    first = schedule.run_review_jobs(llr, today=today)
    assert first.get("risks.escalation_proposals", 0) >= 1
    assert RiskMove.objects.filter(risk=risk, status=MoveStatus.PROPOSED, automatic=True).count() == 1
    runs = ScheduledRun.objects.count()
    assert schedule.run_review_jobs(llr, today=today) == {}
    assert ScheduledRun.objects.count() == runs
    assert RiskMove.objects.filter(risk=risk, status=MoveStatus.PROPOSED).count() == 1


def test_review_jobs_skip_meetings_that_do_not_review_risk(llr, in_llr, monkeypatch):
    from meetings.models import Meeting

    calls = []
    job = registry.ReviewJob("test.job", "Test", lambda tenant, body: calls.append(body) or 1)
    monkeypatch.setitem(registry._JOBS, "test.job", job)
    plain = Meeting.objects.filter(risk_review=False, status="scheduled").order_by("date").first()
    if plain is not None:
        Meeting.objects.exclude(pk=plain.pk).filter(date__lte=plain.date + datetime.timedelta(days=7),
                                                      date__gte=plain.date).update(status="cancelled")
        schedule.run_review_jobs(llr, today=plain.date)
        assert plain.body not in calls


def test_reminders_go_once_a_day_to_each_owner(llr, in_llr, persona):
    pm = persona("pm.poa.llr")
    today = datetime.date.today()
    due_risks = Risk.objects.filter(owner=pm, status="open", review_date__lt=today).count()
    assert due_risks, "the demo has overdue reviews owned by the Points of Access project manager"
    before = Notification.objects.filter(kind=schedule.REMINDER_KIND).count()
    sent = schedule.send_reminders(llr, today)
    assert sent >= 1
    reminder = Notification.objects.filter(kind=schedule.REMINDER_KIND, recipient=pm).get()
    assert "Overdue risk reviews" in reminder.body and "Overdue mitigation actions" in reminder.body
    assert schedule.send_reminders(llr, today) == 0
    assert Notification.objects.filter(kind=schedule.REMINDER_KIND).count() == before + sent
    # The next day, each is reminded again.
    assert schedule.send_reminders(llr, today + datetime.timedelta(days=1)) == sent


def test_overdue_meeting_actions_are_reminded(llr, in_llr, persona):
    action = MeetingAction.objects.filter(status="open", owner__isnull=False).first()
    MeetingAction.objects.filter(pk=action.pk).update(due_date=datetime.date.today() - datetime.timedelta(days=3))
    schedule.send_reminders(llr)
    body = Notification.objects.get(kind=schedule.REMINDER_KIND, recipient=action.owner).body
    assert "Overdue meeting actions" in body and action.description[:40] in body


def test_the_whole_cycle_twice_creates_nothing_new(llr, northshire, django_capture_on_commit_callbacks):
    counts = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=False):
            tasks.generate_meetings_everywhere()
            tasks.run_review_cycle_everywhere()
            tasks.render_due_packs_everywhere()
        counts.append((ScheduledRun.all_tenants.count(), BoardPack.all_tenants.count(),
                       Notification.all_tenants.count(), RiskMove.all_tenants.count(),
                       type(llr).objects.count()))
    assert counts[0] == counts[1]


def test_risk_settings_can_turn_automatic_proposals_off(llr, in_llr):
    settings_row = RiskSettings.for_tenant(llr)
    settings_row.auto_escalation = False
    settings_row.save()
    jobs = registry.review_jobs()
    job = next(job for job in jobs if job.key == "risks.escalation_proposals")
    assert job.run(llr, None) == 0
