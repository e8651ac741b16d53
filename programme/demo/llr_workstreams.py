"""LLR workstreams (PID s2.3, s3.2.2; Health and Wellbeing Board report of Sept 2014) and their projects.

Workstream descriptions summarise the summary slide deck (the eight clinical workstreams' planned
interventions, the settings-of-care plans, the enabling groups) and the PID; project content comes from
the same deck and, for "Integrating LLR Points of Access", from its Full Business Case (May 2016). The
source documents name no workstream clinical or finance leads, so those fields are left blank.
"""


from core.demo_sync import link, upsert
from programme.choices import ProjectStage, WorkstreamKind
from programme.models import Project, Workstream

from . import llr

CLINICAL, ENABLING, SETTING, FINANCE = (
    WorkstreamKind.CLINICAL, WorkstreamKind.ENABLING, WorkstreamKind.SETTING_OF_CARE, WorkstreamKind.FINANCE,
)
URGENT_CARE = "Urgent Care"
POINTS_OF_ACCESS = "Integrating LLR Points of Access"

# (name, kind, body it reports to, description). Clinical workstreams and enabling groups report to the
# Implementation Group (PID s3.2.1); finance to the Chief Finance Officers (PID s3.2.2).
WORKSTREAMS = [
    (URGENT_CARE, CLINICAL, llr.IMPLEMENTATION_GROUP,
     "A new emergency floor at the LRI with space for the flow of 'majors' and dignified care; better system "
     "navigation by boosting NHS 111, out-of-hours medical cover and a local single point of access; more "
     "ambulatory care options; more urgent out-of-hospital options for at-risk patients; and a 'Choose Well' "
     "campaign to help people make the right urgent care choices. Framed by the King's Fund's ten components "
     "of care."),
    ("Planned Care", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "PRISM to improve referral quality; a 40% left shift of acute activity into the community; 10% of "
     "outpatient attendances decommissioned; half of out-of-county outpatient and day case activity "
     "repatriated to LLR; pathway reviews for 18 specialties; non-face-to-face appointments where appropriate; "
     "full compliance with BADS; a UHL outpatient and day case elective care hub."),
    ("Long Term Conditions", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "Built on education, prediction, care planning, ambulatory pathways, innovation, services available when "
     "required, and choices and plans at the end of life: an integrated COPD team across primary, community "
     "and acute care to avoid admissions; exercise medicine with access to integrated reablement; a workplace "
     "wellness proof of concept in UHL."),
    ("Frail Older People", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "Primarily based on the Better Care Fund plans: a Unified Prevention Offer (age well and stay well); risk "
     "stratification, early diagnosis and referral and more quality care plans; care navigators, local area "
     "co-ordinators and integrated dementia pathways; a clinical response team, falls service and integrated "
     "crisis response; assistive technology; good discharge planning and post-discharge support."),
    ("Mental Health", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "Stronger prevention and self-help to improve resilience; a Crisis House, step-down beds, a discharge "
     "team and changes to the inpatient pathway to reduce out-of-county placements; more access to "
     "alternative services such as IAPT; alternative health placements reduced by 40%."),
    ("Learning Disabilities", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "A review team to benchmark the cost and content of high-cost packages of care; reconfigured short break "
     "services; an outreach team working between the community and the Agnes Unit; carers involved in service "
     "planning; flexible LLR-wide short-term intensive crisis support; pooled personal and personal health "
     "budgets."),
    ("Children's Services, Maternity and Neonates", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "A single obstetric unit at UHL; more midwife-led care and home births through a sustainable community "
     "midwifery model; the multi-agency perinatal outcomes programme in Leicester; an integrated maternal "
     "mental health pathway; Children's ED and CAU merged into a single ambulatory care unit on one site; "
     "more emotional health and wellbeing services to reduce escalation to tier 3 CAMHS."),
    ("End of Life Care", CLINICAL, llr.IMPLEMENTATION_GROUP,
     "Support, control and choice at the end of life (the ninth of the ten components of care), taken forward "
     "by a new workstream from November 2014."),
    ("Estates and Facilities", ENABLING, llr.IMPLEMENTATION_GROUP,
     "A smaller, more specialised acute estate on two sites; a community bed base adapted for 'sub-acute' "
     "patients moving from UHL to LPT; a hub and spoke community estate; an adapted primary care estate; a "
     "more efficient, better used and smaller estate footprint."),
    ("Workforce", ENABLING, llr.IMPLEMENTATION_GROUP,
     "The right workforce with the right skills and values, in the right place at the right time; fewer "
     "vacancies and less agency use; a primary and community workforce for the left shift; the acute and "
     "sub-acute workforce maintained; education and training for social care; organisational development."),
    ("IM&T", ENABLING, llr.IMPLEMENTATION_GROUP,
     "Technology to transform how, where, by whom and when care is delivered: automated and standardised "
     "processes, less reliance on physical locations, remote consultation and decision support, and "
     "asynchronous communication between patients and practitioners."),
    ("Communications and Engagement", ENABLING, llr.IMPLEMENTATION_GROUP,
     "The Marketing, Communications and Engagement Plan reviewed by Healthwatch and the PPI Reference Group: "
     "awareness of BCT, public and political acceptance of radical change, consistent responses across LLR, "
     "and evidence against the Four Tests for service change (PID s4.2)."),
    ("Commissioning and Contracting", ENABLING, llr.IMPLEMENTATION_GROUP,
     "Commissioning that emphasises prevention rather than treatment (PID Appendix 2), with the CCGs' and "
     "councils' contracts aligned to the new model of care."),
    ("Bed Reconfiguration", ENABLING, llr.IMPLEMENTATION_GROUP,
     "UHL and LPT agree that 250 beds' worth of patients can be cared for outside an acute setting (170 by "
     "expanded community teams, 80 in community 'sub-acute' beds); the left shift reduces the need for 571 "
     "beds at UHL, a physical reduction of 427 once growth is allowed for."),
    ("Formal Consultation", ENABLING, llr.IMPLEMENTATION_GROUP,
     "Plans and runs the public consultation required for major service change: pre-consultation business "
     "case, consultation, and the decision-making business case that precedes OBCs and FBCs."),
    ("Primary Care", SETTING, llr.IMPLEMENTATION_GROUP,
     "Led by the CCGs: collaboration across general practice to overcome workload pressures, offer local "
     "alternatives to acute care and prevent illness; broader clinical skills; up to 10% of GP contacts "
     "redirected; up to £46m of capital for primary care estate and hubs."),
    ("Community Care", SETTING, llr.IMPLEMENTATION_GROUP,
     "Led by LPT: co-ordinated community health services for frail older people and adults with chronic "
     "conditions, and integrated pathways for children and young people and for adults with mental health "
     "conditions and complex learning disabilities."),
    ("Social Care", SETTING, llr.IMPLEMENTATION_GROUP,
     "Led by the three councils: integration driven by the Better Care Fund (crisis services, assistive "
     "technology, care management, carer support, care navigators, early dementia support) and the social "
     "care cost of caring for more people in the community, first estimated at £5m."),
    ("Acute Care", SETTING, llr.IMPLEMENTATION_GROUP,
     "Led by UHL: smaller, more specialised hospitals that move from three acute sites to two by 2019, with a "
     "new emergency floor, an obstetric hub and an outpatient and day case hub."),
    ("Finance", FINANCE, llr.CFO_GROUP,
     "Finance, including CIP, QIPP and local authority saving plans (PID Appendix 6): closing the NHS funding "
     "gap of £398m by 2018/19 and securing transitional capital (£430m) and revenue (£256m) support."),
]

STARTING_UP, INITIATING, DELIVERY, CLOSING, CLOSED = (
    ProjectStage.STARTING_UP, ProjectStage.INITIATING, ProjectStage.DELIVERY, ProjectStage.CLOSING,
    ProjectStage.CLOSED,
)
SHARED_CARE_RECORD = "LLR shared care record"
CLINICAL_TRIAGE_HUB = "Vanguard clinical triage hub"
THREE_TO_TWO = "Acute reconfiguration: three sites to two"
COMMUNITY_BEDS = "Community beds reconfiguration"
CONSULTATION = "Public consultation on service change"
CRISIS_HOUSE = "Mental health Crisis House and step-down beds"

# (workstream, name, stage, start, end, objective codes, depends on, description)
PROJECTS = [
    (URGENT_CARE, POINTS_OF_ACCESS, DELIVERY, (2016, 7, 1), (2018, 12, 31), "SO1 SO2 SO4 SO5 SO6",
     [CLINICAL_TRIAGE_HUB, SHARED_CARE_RECORD],
     "Simplify and reconfigure the points of access to health and adult social care across LLR in support of "
     "demand management and the 'left shift', so that professionals and service users make the best use of the "
     "most appropriate service in the most appropriate setting of care, with information and signposting that "
     "are responsive and consistent with local pathways. A new Target Operating Model brings eight points of "
     "access (Leicester City Single Point of Contact, Leicestershire County Customer Service Centre, First "
     "Contact Plus, Rutland Customer Service Team, LPT Community Health SPA, LPT Adult Mental Health SPA, the "
     "LLR-wide Bed Bureau and Leicester City ICRS) under one management structure on far fewer sites, over a "
     "30-month programme in three phases: Standardisation, Integration and Service Migration. The Full "
     "Business Case (v1.0, 11 May 2016) estimates savings of £4.3m over five years for £2.27m of costs."),
    (URGENT_CARE, CLINICAL_TRIAGE_HUB, INITIATING, (2016, 4, 1), (2018, 3, 31), "SO1 SO3", [],
     "Vanguard Workstream 1's new model of primary and intermediate care, aligned with the re-procurement of "
     "NHS 111, with a clinical triage hub that adds clinical support to the triage of calls for help."),
    (URGENT_CARE, "New emergency floor at the LRI", DELIVERY, (2015, 4, 1), (2017, 12, 31), "SO1 SO3 SO4", [],
     "A new emergency floor at the Leicester Royal Infirmary with sufficient space to support the flow of "
     "'majors', offer dignified care and create a positive working environment."),
    (URGENT_CARE, "Choose Well campaign", CLOSED, (2015, 1, 1), (2015, 12, 31), "SO1 SO3", [],
     "A public campaign to help people make the right urgent care choices."),
    ("Planned Care", "PRISM referral quality system", CLOSING, (2015, 4, 1), (2016, 12, 31), "SO1 SO5", [],
     "Implement the PRISM referral system across LLR practices to improve the quality of referrals."),
    ("Planned Care", "Outpatient and day case elective care hub", INITIATING, (2016, 10, 1), (2019, 2, 28), "SO1 SO4",
     [THREE_TO_TWO],
     "A UHL outpatient and day case elective care hub, with 40% of outpatient and day case activity shifted "
     "to non-acute settings."),
    ("Planned Care", "Specialty pathway reviews", DELIVERY, (2015, 6, 1), (2018, 3, 31), "SO1 SO3 SO5", [],
     "Review pathways for 18 specialties, decommission 10% of outpatient attendances, introduce "
     "non-face-to-face follow-up where appropriate and repatriate out-of-county activity."),
    ("Long Term Conditions", "Integrated COPD team", DELIVERY, (2015, 4, 1), (2017, 9, 30), "SO1 SO2", [],
     "An integrated COPD team covering primary, community and acute care, avoiding hospital admissions and "
     "using ambulatory care wherever possible."),
    ("Long Term Conditions", "Exercise medicine and reablement", INITIATING, (2016, 6, 1), (2018, 3, 31), "SO1 SO2",
     [], "Exercise medicine to improve levels of activity, giving people access to integrated reablement."),
    ("Long Term Conditions", "Workplace wellness proof of concept", CLOSED, (2015, 4, 1), (2016, 3, 31), "SO2 SO6",
     [], "A workplace wellness proof of concept for UHL staff."),
    ("Frail Older People", "Unified Prevention Offer", DELIVERY, (2015, 4, 1), (2018, 3, 31), "SO1 SO2", [],
     "Age well and stay well: one prevention offer across health and social care, from the Better Care Fund "
     "plans."),
    ("Frail Older People", "Integrated crisis response and falls service", DELIVERY, (2015, 10, 1), (2017, 12, 31),
     "SO1 SO3", [],
     "A clinical response team, falls service and integrated crisis response to avoid admissions of frail "
     "older people."),
    ("Frail Older People", "Risk stratification and care planning", CLOSING, (2015, 1, 1), (2016, 9, 30), "SO1 SO2",
     [], "Risk stratification, early diagnosis and referral, and more quality care plans."),
    ("Mental Health", CRISIS_HOUSE, DELIVERY, (2015, 7, 1), (2017, 6, 30), "SO1 SO2 SO3", [],
     "A Crisis House, step-down beds and a discharge team, with changes to the inpatient pathway."),
    ("Mental Health", "Reducing out-of-county placements", INITIATING, (2016, 4, 1), (2018, 3, 31), "SO2 SO5",
     [CRISIS_HOUSE], "Reduce alternative (out-of-county) health placements by 40%."),
    ("Mental Health", "Improving access to psychological therapies", STARTING_UP, (2017, 1, 1), (2018, 12, 31),
     "SO2 SO3", [], "Increased access to alternative services such as IAPT."),
    ("Learning Disabilities", "High-cost packages of care review", CLOSED, (2015, 1, 1), (2015, 12, 31), "SO5", [],
     "A review team to benchmark and analyse the cost and content of high-cost packages of care."),
    ("Learning Disabilities", "Short break services reconfiguration", INITIATING, (2016, 4, 1), (2017, 12, 31),
     "SO3 SO4", [], "Reconfigure short break services for people with learning disabilities."),
    ("Learning Disabilities", "Agnes Unit outreach team", DELIVERY, (2015, 10, 1), (2017, 3, 31), "SO1 SO2", [],
     "An outreach team working between the community and the Agnes Unit for individuals whose behaviour "
     "challenges."),
    ("Children's Services, Maternity and Neonates", "Single obstetric unit at UHL", STARTING_UP, (2017, 4, 1),
     (2019, 2, 28), "SO1 SO4", [CONSULTATION, THREE_TO_TWO],
     "Develop a single obstetric unit at UHL, subject to public consultation."),
    ("Children's Services, Maternity and Neonates", "Community midwife-led care", INITIATING, (2016, 4, 1),
     (2018, 3, 31), "SO1 SO3", [],
     "Maximise midwife-led care by promoting home births and redesigning community midwife-led services."),
    ("Children's Services, Maternity and Neonates", "Children's single ambulatory care unit", DELIVERY, (2016, 1, 1),
     (2017, 6, 30), "SO1 SO4", [],
     "Merge the Children's ED and CAU into a single ambulatory care unit and deliver children's acute care "
     "from a single site."),
    ("End of Life Care", "Support, control and choice at end of life", STARTING_UP, (2016, 10, 1), (2018, 9, 30),
     "SO1 SO3", [], "Choices and plans at the end of life, respected across every setting of care."),
    ("End of Life Care", "Shared end of life care plans", STARTING_UP, (2017, 1, 1), (2018, 12, 31), "SO1 SO3",
     [SHARED_CARE_RECORD], "End of life care plans visible to every service through the shared care record."),
    ("IM&T", SHARED_CARE_RECORD, INITIATING, (2016, 4, 1), (2018, 9, 30), "SO4 SO6", [],
     "Shared care and case records that make patient-centred activity visible across the system."),
    ("Bed Reconfiguration", COMMUNITY_BEDS, DELIVERY, (2015, 4, 1), (2018, 3, 31), "SO1 SO4 SO5", [],
     "LPT's beds reconfiguration in three phases (2015/16, 2016/17, 2017/18): beds shift from UHL and LPT "
     "wards to LPT community teams and community hospitals."),
    ("Bed Reconfiguration", THREE_TO_TWO, INITIATING, (2016, 4, 1), (2019, 2, 28), "SO4 SO5",
     [COMMUNITY_BEDS, CONSULTATION],
     "UHL's capital programme to move from three acute sites to two, with 427 fewer beds."),
    ("Formal Consultation", CONSULTATION, CLOSING, (2015, 7, 1), (2016, 6, 30), "SO3", [],
     "Pre-consultation business case, public consultation on multi-organisational proposals and the "
     "decision-making business case."),
    ("Workforce", "Organisational development programme", DELIVERY, (2015, 4, 1), (2018, 3, 31), "SO6", [],
     "Organisational development across the partnership, for which £200k is set aside."),
    ("Estates and Facilities", "Community hub and spoke estate", STARTING_UP, (2017, 4, 1), (2019, 2, 28), "SO4", [],
     "LPT's community hospital strategy: modern community hubs that support the changing model of care."),
]


def load_workstreams(workstreams, bodies):
    return {
        name: upsert(
            Workstream, {"name": name},
            {"kind": kind, "reports_to": bodies[body], "description": description},
        )[0]
        for name, kind, body, description in workstreams
    }


def load_projects(projects, workstreams, objectives, moved):
    """Projects, then their objectives and interdependencies (PID s2.4) once every project exists."""
    loaded = {}
    for workstream, name, stage, start, end, _codes, _depends, description in projects:
        loaded[name] = upsert(
            Project, {"workstream": workstreams[workstream], "name": name},
            {"description": description, "start": moved.boundary(start), "end": moved.boundary(end)},
            create_only={"stage": stage},
        )[0]
    for _workstream, name, _stage, _start, _end, codes, depends, _description in projects:
        link(loaded[name].objectives, [objectives[code] for code in codes.split()])
        link(loaded[name].depends_on, [loaded[other] for other in depends])
    return loaded


def load(bodies, objectives, moved):
    workstreams = load_workstreams(WORKSTREAMS, bodies)
    return workstreams, load_projects(PROJECTS, workstreams, objectives, moved)
