"""Demo lifecycle for LLR (PID s3.3 stage plan, s3.6, s4.5, s4.6): the first Delivery stage's end-of-stage report,
approved by both boards, each as a board at one of its meetings (the Delivery Board's recorded by its chair, the
Partnership Board's by the PMO for its lay chair), in their decisions logs; lessons from the stages so far; an
Urgent Care EIA awaiting the Delivery Board; and the Urgent Care workbook's acceptance criteria with the Clinical
Reference Group's review. Idempotent."""

import datetime

from django.utils import timezone

from core import demo
from core.demo_sync import link, upsert
from core.models import User
from lifecycle.boards import DB, PB
from lifecycle.choices import DIMENSIONS, DOMAINS, EiaStatus, QualityReviewer, ReportStatus
from lifecycle.models import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    QualityCriterion,
    QualityReview,
)
from meetings import decisions
from meetings.decisions import HowDecided
from meetings.demo import held_meeting
from programme.models import Stage, Workstream

FIRST_DELIVERY_STAGE = "Delivery stage 1"
URGENT_CARE = "Urgent Care"

LESSONS = [
    ("Engage clinicians before the workbook, not after", "Programme Definition", URGENT_CARE, "lead.urgentcare.llr",
     "Workbooks drafted before the Clinical Reference Group had seen the case for change took two extra cycles "
     "to agree.",
     "Each clinical workstream now brings its case for change to the Clinical Reference Group before drafting."),
    ("Baseline benefits before the stage starts", FIRST_DELIVERY_STAGE, None, "pmo.llr",
     "Several benefits had no agreed baseline when Delivery stage 1 began, so early realisation could not be shown.",
     "Benefit profiles must have an agreed baseline before the end-of-stage report asks to proceed."),
    ("Joint SRO sign-off speeds Partnership Board decisions", FIRST_DELIVERY_STAGE, None, "director.llr",
     "Papers that reached the Partnership Board with the joint SROs' sign-off were decided at the first meeting.",
     "The PMO's board-paper checklist now includes joint SRO sign-off."),
]


def _user(username):
    return User.objects.filter(username=username).first()


def load(partnership):
    if partnership.slug != "llr":
        return
    stage = Stage.objects.filter(name=FIRST_DELIVERY_STAGE).first()
    urgent_care = Workstream.objects.filter(name=URGENT_CARE).first()
    if stage is None or urgent_care is None:
        return
    lessons = []
    for title, stage_name, workstream_name, who, learned, changed in LESSONS:
        lessons.append(upsert(Lesson, {"title": title}, {
            "what_was_learned": learned, "what_changed": changed, "learned_by": _user(who),
            "recorded_by": _user("pmo.llr"), "stage": Stage.objects.filter(name=stage_name).first(),
            "workstream": Workstream.objects.filter(name=workstream_name).first() if workstream_name else None,
        })[0])
    moved = demo.calendar_for(partnership)  # the source's dates, moved to the day the demo is loaded
    decided = moved.moment(timezone.make_aware(datetime.datetime(2016, 3, 15, 10, 0)))
    report, _ = upsert(EndOfStageReport, {"stage": stage}, {
        "prepared_by": _user("director.llr"),
        "changes_delivered": "Urgent Care: the clinical navigation hub and the Points of Access project mobilised; "
                             "Planned Care: outpatient redesign pilots in three specialties; Integrated Teams: "
                             "locality teams established in all three CCG areas.",
        "benefits_delivered": "Emergency admissions avoided by the navigation hub; outpatient follow-ups reduced in "
                              "the pilot specialties (see the benefits register for the measured values).",
        "next_stage_plan": "Delivery stage 2: full business case for Integrating LLR Points of Access; "
                           "roll out locality teams; consult on the acute reconfiguration.",
        "risks_summary": "Workforce availability for locality teams and the affordability gap remain on the "
                         "Partnership Board BAF.",
    }, create_only={
        "status": ReportStatus.APPROVED, "submitted_at": decided - datetime.timedelta(days=30),
        "delivery_board_decided_by": _user("sro.llr"),
        "delivery_board_decided_at": decided - datetime.timedelta(days=14),
        "partnership_board_decided_by": _user("pmo.llr"), "partnership_board_decided_at": decided,
        "stage_closed_at": decided,
    })
    link(report.lessons, [lesson for lesson in lessons if lesson.stage_id == stage.pk])
    _boards_decided(report)
    eia, _ = upsert(EqualityImpactAssessment, {"title": "Urgent Care: clinical navigation hub"}, {
        "workstream": urgent_care, "created_by": _user("lead.urgentcare.llr"),
        "service_change": "Moving urgent-care triage to a single clinical navigation hub reached by NHS 111.",
        "summary": "Mostly positive or neutral; telephone-first access needs mitigation for some groups.",
    }, create_only={"status": EiaStatus.SIGNED_OFF, "signed_off_by": _user("sro.urgentcare.llr"),
                    "signed_off_at": decided})
    impacts = {"age": ("negative", "Older people less likely to use telephone or online access.",
                       "Keep walk-in access at urgent care centres; call-back for over-75s."),
               "disability": ("negative", "Deaf and hard-of-hearing people cannot use voice-only triage.",
                              "Text relay and BSL video triage commissioned."),
               "race": ("neutral", "Interpreting already offered by NHS 111.", "")}
    for key, _ in EiaCharacteristic._meta.get_field("characteristic").choices:
        impact, evidence, mitigation = impacts.get(key, ("neutral", "No differential impact found in the JSNAs.", ""))
        upsert(EiaCharacteristic, {"assessment": eia, "characteristic": key},
               {"impact": impact, "evidence": evidence, "mitigation": mitigation})
    criterion, _ = upsert(QualityCriterion, {"workstream": urgent_care, "product": "Urgent Care workbook"}, {
        "acceptance_criteria": "Addresses the six dimensions of clinical quality; evidence for each NHS Outcomes "
                               "Framework domain; signed by the workstream clinical lead.",
        "reviewer": QualityReviewer.CRG,
    })
    upsert(QualityReview, {"criterion": criterion, "reviewed_on": moved.date(datetime.date(2016, 2, 10))}, {
        "reviewer": QualityReviewer.CRG, "outcome": "conditions", "recorded_by": _user("pmo.llr"),
        "dimensions": {key: "meets" for key, _ in DIMENSIONS} | {"timely": "partly"},
        "domains": {key: "meets" for key, _ in DOMAINS} | {"long_term_conditions": "not_applicable"},
        "comments": "Accepted on condition that the call-back times for over-75s are audited.",
    })


def _boards_decided(report):
    """Each board's approval of the demo report in its decisions log, at its meeting of the day it decided (held),
    recorded by who may (``meetings.decisions``); once."""
    logged = set(decisions.decisions_on(report).values_list("body__kind", flat=True))
    for kind, username, when in ((DB, "sro.llr", report.delivery_board_decided_at),
                                 (PB, "pmo.llr", report.partnership_board_decided_at)):
        body, who = decisions.board(kind), _user(username)
        if kind in logged or when is None or not decisions.may_record(who, body):
            continue
        meeting = held_meeting(kind, timezone.localtime(when).date())
        decisions.record(body, who, report, "approve", HowDecided(meeting=meeting), today=demo.today())
