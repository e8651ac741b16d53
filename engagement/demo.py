"""The engagement demo (issue 21), registered with ``core.demo`` after the business cases' demo (order 30, which
records the boards' decisions on the Points of Access FBC that the evidence cites) and before the meetings demo (90,
which builds the next agendas, so the Delivery Board's carries the change awaiting its decision). For ``llr`` only:

**Stakeholders the seeds name** (PID s4.2 and s4.4; seed 001's "formal links with the key stakeholder groups";
seed 002, the Health and Wellbeing Board report of September 2014; seed 003, the County Council cabinet report of
January 2015): Healthwatch, the PPI Reference Group, the Leicester, Leicestershire and Rutland health and wellbeing
boards, the councils' health overview and scrutiny committees, and Voluntary Action Leicester. Each description
says what the seeds say of it, with the source. The seeds score no one's interest, influence or support: the demo's
scores are the PMO's illustrative reading of the role each seed gives the stakeholder (a body that formally
approves or reviews the plan: influence 5; one that "noted the plan": support neutral).

**The Urgent Care service change behind the Points of Access FBC** (seed 004, "Integrating LLR Points of Access",
11 May 2016), linked to the Urgent Care workstream and the FBC (``BC-0001``). No equality impact assessment of it
exists (the lifecycle demo's Urgent Care EIA is of the clinical navigation hub), so none is linked. Its
pre-consultation engagement is the FBC's: the two co-design workshops of the information-gathering stage (s2.3.2:
"well attended by representatives at all levels across the stakeholder groups, including service users", "very
positive feedback"; Appendix 3 summarises them). The FBC dates neither workshop nor the stage: the demo places them
in the weeks before the FBC (illustrative, moved by ``core.demo.Calendar`` like every demo date), and the
pre-consultation engagement runs from the first workshop to the FBC's own date. The FBC states no attendance, so
reach is not recorded. Phase 1's detailed co-design with staff, service users and patients (s5, s5.6) is planned in
the weeks after the anchor, inside the detailed co-design period of the plan (July 2016 to March 2017); its day is
illustrative too. Whether formal consultation is needed the seeds do not say: the change awaits the Delivery Board's
consultation decision (a paper for decision in its pack).

**Three of the Four Tests evidenced**, each claim from the FBC: strong public and patient engagement (the two
workshops' engagement records); a clear clinical evidence base (the desktop research the FBC cites, s9.3–9.4: NHS
England's Integrated Care and Support Pioneer Programme, with the FBC's link; and the workshops' call for clinical
support to triage, s4); support from clinical commissioners (the Partnership Board's approval of the FBC, the
decision recorded at its meeting, the FBC being the three CCGs' with their partners). The FBC says nothing of patient
choice: that test is left **not evidenced**, and the report shows it so.

Idempotent: a stakeholder, service change or activity found by its name or title is left as it is.
"""

from django.db import transaction

from business_cases.models import BusinessCase
from core import demo
from core.models import User
from engagement.choices import (
    ActivityKind,
    ActivityStatus,
    EngagementChannel,
    EvidenceKind,
    FourTestName,
    ServiceChangeStatus,
    StakeholderCategory,
    StakeholderKind,
    SupportLevel,
)
from engagement.models import EngagementActivity, EngagementObjective, ServiceChange, Stakeholder, TestEvidence
from meetings.decisions import decisions_on
from programme.choices import BodyKind
from programme.models import Workstream

URGENT_CARE = "Urgent Care"
POA = "Integrating LLR Points of Access"
FBC_DATE = (2016, 5, 11)
CHANGE_TITLE = "Integrated point of access for health and adult social care (Points of Access)"
ORG, GROUP = StakeholderKind.ORGANISATION, StakeholderKind.GROUP
C = StakeholderCategory
HWB_REVIEW = ("Seed 002 (Health and Wellbeing Board, 16 September 2014): the Leicester, Leicestershire and Rutland "
              "Health and Wellbeing Boards \"have reviewed the plan\"; the key strategic documents go to them \"for "
              "formal approval\". Seed 001 lists the Health and Wellbeing Boards among the key stakeholder groups "
              "with which the programme has \"established formal links\".")
SCRUTINY = ("Seed 002: \"Health Overview and Scrutiny Committees have noted the plan.\" Seed 003 (County Council "
            "cabinet, January 2015): the proposed formal consultation plan \"will be reviewed and agreed by the "
            "Health and Wellbeing Board and the Health Overview and Scrutiny Committee\".")

# (name, kind, category, description, interest, influence, current support, target support)
STAKEHOLDERS = [
    ("Healthwatch (Leicester, Leicestershire and Rutland)", GROUP, C.HEALTHWATCH,
     "PID s4.2: reviews the Marketing, Communications and Engagement Plan with the PPI Reference Group. Seed 002: "
     "public and patient events \"have been held by LLR Healthwatch committees\", their recommendations given for "
     "the refreshed five-year plan. Seed 003: BCT is a partnership \"working with local Healthwatch\".",
     5, 4, SupportLevel.SUPPORTIVE, SupportLevel.LEADING),
    ("PPI Reference Group", GROUP, C.PPI_REFERENCE_GROUP,
     "PID s4.2: reviews the Marketing, Communications and Engagement Plan with Healthwatch. PID s4.4: a special "
     "interest group of the risk review cycle. Seed 001: one of the key stakeholder groups with formal links.",
     5, 3, SupportLevel.SUPPORTIVE, SupportLevel.LEADING),
    ("Leicester City Health and Wellbeing Board", ORG, C.HEALTH_AND_WELLBEING_BOARD, HWB_REVIEW,
     4, 5, SupportLevel.SUPPORTIVE, SupportLevel.SUPPORTIVE),
    ("Leicestershire Health and Wellbeing Board", ORG, C.HEALTH_AND_WELLBEING_BOARD,
     HWB_REVIEW + " Seed 003: it has received regular BCT programme updates and commented on the draft SOC and PID "
     "(20 November 2014).", 4, 5, SupportLevel.SUPPORTIVE, SupportLevel.SUPPORTIVE),
    ("Rutland Health and Wellbeing Board", ORG, C.HEALTH_AND_WELLBEING_BOARD, HWB_REVIEW,
     4, 5, SupportLevel.SUPPORTIVE, SupportLevel.SUPPORTIVE),
    ("Leicester City Council Health Overview and Scrutiny Committee", ORG, C.SCRUTINY_COMMITTEE, SCRUTINY,
     3, 5, SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE),
    ("Leicestershire County Council Health Overview and Scrutiny Committee", ORG, C.SCRUTINY_COMMITTEE, SCRUTINY,
     3, 5, SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE),
    ("Rutland County Council Health Overview and Scrutiny Committee", ORG, C.SCRUTINY_COMMITTEE, SCRUTINY,
     3, 5, SupportLevel.NEUTRAL, SupportLevel.SUPPORTIVE),
    ("Voluntary Action Leicester (VAL)", ORG, C.VOLUNTARY_SECTOR,
     "Seed 002: VAL \"have organised and supported a number of engagement events as part of an agreed ongoing "
     "engagement process at which the plan has been reviewed\".", 4, 2, SupportLevel.SUPPORTIVE,
     SupportLevel.SUPPORTIVE),
]

WORKSHOP_THEMES = ("Options for a rationalised service delivery model across the existing Points of Access and "
                   "ideas for an integrated operating model (FBC s2.3.2). The design workshops \"consistently "
                   "promoted the need for increased levels of clinical support to the triage processes\" (FBC s4).")
# (title, illustrative day, FBC outputs: the themes heard)
WORKSHOPS = [
    ("Points of Access co-design workshop 1", (2016, 2, 9),
     "Workshop 1: an updated value chain and common themes (FBC Appendix 3)."),
    ("Points of Access co-design workshop 2", (2016, 3, 8),
     "Workshop 2: 'sound bites', common themes, and the potential barriers and constraints to implementing an "
     "integrated health and social care delivery model (FBC Appendix 3)."),
]
WORKSHOP_AUDIENCE = ("Representatives of the identified stakeholder groups at all levels, including service users "
                     "(FBC s2.3.2); the proposed model was co-designed with heads of service, GPs, Vanguard "
                     "representatives, contact centre managers, members of CCGs, frontline staff including call "
                     "handlers, service users and representatives from 111 (FBC s3.3).")
CO_DESIGN = ("Phase 1 detailed co-design with staff, service users and patients", (2016, 9, 6),
             "Service delivery teams, patients and service users (FBC s5: \"it will be important that the detailed "
             "design is co-designed with the service delivery teams, patients and service users as part of Phase 1 "
             "– Standardisation\"; s5.6).")
PIONEER_URL = ("http://www.local.gov.uk/documents/10180/6927502/Integrated+Care+Pioneer+Programme+Annual+Report+2014/"
               "76d562c3-4f7d-4169-91bc-69f7a9be481c")
ASSESSMENTS = {
    FourTestName.ENGAGEMENT: "The FBC's two co-design workshops engaged representatives of every stakeholder group, "
                             "including service users, with very positive feedback (s2.3.2); the proposed model was "
                             "co-designed with them (s3.3). Detailed co-design with patients and service users "
                             "continues in Phase 1 (s5.6).",
    FourTestName.PATIENT_CHOICE: "The FBC does not address patient choice: evidence is still to be gathered.",
    FourTestName.CLINICAL_EVIDENCE: "The FBC's assumptions are supported by desktop research on integrated care "
                                    "(s9.3–9.4), and the workshops' call for clinical support to triage is met by "
                                    "aligning with the Vanguard Clinical Triage Hub (s4).",
    FourTestName.COMMISSIONER_SUPPORT: "The FBC is the three CCGs' with their partners; the Partnership Board "
                                       "approved it at its meeting, on the Delivery Board's recommendation.",
}


def _user(username):
    return User.objects.filter(username=username).first()


def _saved(obj, user, reason="Demo data"):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


def load_stakeholders(owner):
    for name, kind, category, description, interest, influence, current, target in STAKEHOLDERS:
        if Stakeholder.objects.filter(name=name).exists():
            continue
        stakeholder = Stakeholder(name=name, kind=kind, category=category, description=description,
                                  interest=interest, influence=influence, current_support=current,
                                  target_support=target, owner=owner)
        stakeholder.full_clean(exclude=["tenant", "number", "ref"])
        _saved(stakeholder, owner)


def _activity(title, day, owner, change, objectives, **values):
    found = EngagementActivity.objects.filter(title=title).first()
    if found is not None:
        return found
    activity = _saved(EngagementActivity(title=title, planned_date=day, owner=owner, service_change=change,
                                         workstream=change.workstream, **values), owner)
    activity.objectives.set(objectives)
    return activity


def _evidence(test, user, **values):
    if not TestEvidence.objects.filter(four_test=test, kind=values["kind"], title=values.get("title", "")).exists():
        evidence = TestEvidence(four_test=test, **values)
        evidence.full_clean(exclude=["tenant"])
        _saved(evidence, user)


def load_service_change(moved, pmo, manager):
    workstream = Workstream.objects.filter(name=URGENT_CARE).first()
    case = BusinessCase.objects.filter(title=POA).first()
    if workstream is None or case is None or manager is None:
        return
    first_workshop = moved.date(WORKSHOPS[0][1])
    change = ServiceChange.objects.filter(title=CHANGE_TITLE).first()
    if change is not None:
        return
    change = _saved(ServiceChange(
        title=CHANGE_TITLE, workstream=workstream, business_case=case,
        status=ServiceChangeStatus.AWAITING_CONSULTATION_DECISION,
        description=("Eight health and adult social care points of access across LLR brought together under one "
                     "Target Operating Model: an integrated, co-located point of access for professionals and "
                     "service users (the \"front door\" to services, not the services themselves), in three phases "
                     "over 30 months (Integrating LLR Points of Access FBC, 11 May 2016)."),
        pre_consultation_start=first_workshop, pre_consultation_end=moved.date(FBC_DATE)), pmo,
        "Service change recorded")
    objectives = list(EngagementObjective.objects.filter(number__in=(7, 9)))
    workshops = [
        _activity(title, moved.date(day), manager, change, objectives, kind=ActivityKind.CO_DESIGN,
                  channel=EngagementChannel.FACE_TO_FACE, audience=WORKSHOP_AUDIENCE, status=ActivityStatus.HELD,
                  held_on=moved.date(day), themes=WORKSHOP_THEMES,
                  summary=outputs + " Facilitated by the programme's resources with 4OC; very positive feedback "
                                    "from those who attended (FBC s2.3.2).")
        for title, day, outputs in WORKSHOPS
    ]
    title, day, audience = CO_DESIGN
    _activity(title, moved.date(day), manager, change, objectives, kind=ActivityKind.CO_DESIGN,
              channel=EngagementChannel.FACE_TO_FACE, audience=audience)
    tests = {test.test: test for test in change.four_tests.all()}
    for name, text in ASSESSMENTS.items():
        test = tests[name]
        test.assessment = text
        _saved(test, pmo, "Assessed")
    for workshop in workshops:
        _evidence(tests[FourTestName.ENGAGEMENT], pmo, kind=EvidenceKind.ENGAGEMENT_RECORD, activity=workshop,
                  title=f"{workshop.title}: stakeholder groups including service users",
                  summary="Well attended by representatives at all levels across the stakeholder groups, including "
                          "service users; very positive feedback (FBC s2.3.2).")
    _evidence(tests[FourTestName.CLINICAL_EVIDENCE], pmo, kind=EvidenceKind.CLINICAL_EVIDENCE,
              title="Integrated Care and Support Pioneer Programme: Annual Report 2014 (NHS England)",
              reference="Integrating LLR Points of Access FBC, s9.3–9.4 (desktop research)", url=PIONEER_URL,
              summary="Examples of integrated working from NHS England's pioneer programme, used to support the "
                      "assumptions that underpin the business case.")
    _evidence(tests[FourTestName.CLINICAL_EVIDENCE], pmo, kind=EvidenceKind.DOCUMENT,
              title="Alignment with the Vanguard Clinical Triage Hub",
              reference="Integrating LLR Points of Access FBC, s4 (Alignment to Vanguard)",
              summary="The design workshops consistently promoted increased clinical support to triage; the "
                      "Vanguard team's Clinical Triage Hub model \"provides a strong match to this requirement\".")
    approval = next((decision for decision in decisions_on(case)
                     if decision.body is not None and decision.body.kind == BodyKind.PARTNERSHIP_BOARD), None)
    if approval is not None:
        _evidence(tests[FourTestName.COMMISSIONER_SUPPORT], pmo, kind=EvidenceKind.COMMISSIONERS_DECISION,
                  decision=approval, title="The Partnership Board approved the Points of Access FBC",
                  summary="The FBC bears the names of East Leicestershire and Rutland, Leicester City and West "
                          "Leicestershire CCGs with Leicester Partnership NHS Trust and University Hospitals of "
                          "Leicester NHS Trust (its title page).")


def load(partnership):
    """Load the partnership's engagement demo (called in its tenant context)."""
    if partnership.slug != "llr":
        return
    pmo, manager = _user("pmo.llr"), _user("pm.poa.llr")
    if pmo is None:
        return
    with transaction.atomic():
        load_stakeholders(pmo)
        load_service_change(demo.calendar_for(partnership), pmo, manager)
