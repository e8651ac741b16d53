"""LLR Better Care Together: the partnership, its partners, programme, bodies, objectives and stages.

Content is taken from the source documents (the BCT Programme Initiation Document of November 2014,
"the PID", and the papers around it) and copied here so that nothing is read from outside the project at
run time. Workstreams and projects are in ``llr_workstreams``; people and roles in ``users``.
"""

import datetime

from core import demo
from core.choices import OrganisationKind
from core.demo_sync import upsert
from core.models import Organisation
from programme.choices import BodyKind, ReviewCycle, StageKind, StageStatus
from programme.models import Body, Objective, Programme, Stage

SLUG = "llr"
NAME = "LLR Better Care Together"
SHORT_NAME = "LLR BCT"

# DOMAIN.md s2, "Partner organisations": the LLR partners that own the programme (PID s3.2.1).
ORGANISATIONS = [
    ("UHL", "University Hospitals of Leicester NHS Trust", OrganisationKind.ACUTE_TRUST),
    ("LPT", "Leicestershire Partnership NHS Trust", OrganisationKind.COMMUNITY_TRUST),
    ("LCCCG", "NHS Leicester City Clinical Commissioning Group", OrganisationKind.CCG),
    ("WLCCG", "NHS West Leicestershire Clinical Commissioning Group", OrganisationKind.CCG),
    ("ELRCCG", "NHS East Leicestershire and Rutland Clinical Commissioning Group", OrganisationKind.CCG),
    ("LCC", "Leicester City Council", OrganisationKind.COUNCIL),
    ("LEICS", "Leicestershire County Council", OrganisationKind.COUNCIL),
    ("RCC", "Rutland County Council", OrganisationKind.COUNCIL),
    ("EMAS", "East Midlands Ambulance Service NHS Trust", OrganisationKind.AMBULANCE_TRUST),
]

PROGRAMME_NAME = "Better Care Together"

# PID s2.5.1, quoting the Five-Year Strategic Plan 2014-2019, with the PID's three-part reading of it.
VISION = (
    "To maximise value for the citizens of Leicester, Leicestershire and Rutland (LLR) by improving the "
    "health and wellbeing outcomes that matter to them, their families and carers in a way that enhances "
    "the quality of care at the same time as reducing cost across the public sector to within allocated "
    "resources by restructuring of safe, high quality services into the most efficient and effective "
    "settings.\n\n"
    "For the BCT Programme the vision breaks down into three parts: improved LLR citizens' health and "
    "wellbeing outcomes; safe, high quality services restructured into the most efficient and effective "
    "settings; and an enhanced quality of care and cost reduced to within allocated resources. The aim of "
    "the Programme (PID s2.3) is to deliver the blueprint of a new operating model of integrated health and "
    "social care across LLR in order to realise that vision by autumn 2019."
)

PARTNERSHIP_BOARD = "Partnership Board"
DELIVERY_BOARD = "Delivery Board"
IMPLEMENTATION_GROUP = "Implementation Group"
CFO_GROUP = "Chief Finance Officers Group"
CLINICAL_LEADERSHIP_GROUP = "Clinical Leadership Group"
CLINICAL_REFERENCE_GROUP = "Clinical Reference Group"
PPI_REFERENCE_GROUP = "Patient and Public Involvement Reference Group"
POLITICAL_REFERENCE_FORUM = "Political Reference Forum"
PMO = "Programme Management Office"

# PID s3.2 (accountability and roles), s2.7 (the Partnership Board and the PMO) and s4.4 (risk review
# cycle); the lay chair and public meetings from the summary slide deck's governance chart and the
# September 2014 Health and Wellbeing Board report. Parents are listed before their children.
BODIES = [
    {
        "name": PARTNERSHIP_BOARD, "kind": BodyKind.PARTNERSHIP_BOARD, "parent": None,
        "chair": "Independent lay chair (appointed October 2014)",
        "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": True,
        "purpose": (
            "The LLR Partnership Board represents the partnership of health and social care organisations "
            "across LLR and is ultimately accountable for the success of the Programme. It recommends the "
            "investment in BCT to partner boards, cabinets and executives, keeps the Programme aligned to "
            "LLR strategy, directs the Delivery Board through the joint SROs, ensures the Programme has "
            "adequate risk management and assurance, and authorises its closure (PID s2.7.1, s3.2). It meets "
            "in public every two months from January 2015."
        ),
    },
    {
        "name": DELIVERY_BOARD, "kind": BodyKind.DELIVERY_BOARD, "parent": PARTNERSHIP_BOARD,
        "chair": "The joint SROs: the Chief Officer of UHL and the Managing Director of West Leicestershire CCG",
        "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "The BCT Delivery Board oversees delivery of the Programme on behalf of the Partnership Board. It "
            "supports the joint SROs, drives the Programme to deliver the changes and benefits the objectives "
            "require, ensures planning and control are satisfactory, authorises the Programme Director to "
            "progress to the next stage, obtains external assurance, and approves briefs, business cases, "
            "equality impact assessments and major change requests (PID s3.2.2, s3.4.2, s4.6)."
        ),
    },
    {
        "name": IMPLEMENTATION_GROUP, "kind": BodyKind.IMPLEMENTATION_GROUP, "parent": DELIVERY_BOARD,
        "chair": "", "risk_review_cycle": ReviewCycle.MONTHLY, "meets_in_public": False,
        "purpose": (
            "The BCT Implementation Group sits between the Delivery Board and the clinical workstreams and "
            "enabling groups, coordinating their delivery and reviewing their risks monthly; its terms of "
            "reference are aligned with those of the two boards and the PMO gives it secretarial support "
            "(PID s2.7.2, s3.2.1, s4.4)."
        ),
    },
    {
        "name": CFO_GROUP, "kind": BodyKind.SPECIAL_INTEREST_GROUP, "parent": DELIVERY_BOARD,
        "chair": "", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "The partners' Chief Finance Officers plan and manage the financial aspects of the system-wide "
            "change to a new operating model of health and social care (PID s3.2.2), and review financial "
            "risk quarterly as a special interest group (PID s4.4)."
        ),
    },
    {
        "name": CLINICAL_LEADERSHIP_GROUP, "kind": BodyKind.SPECIAL_INTEREST_GROUP, "parent": PARTNERSHIP_BOARD,
        "chair": "", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "With the Delivery Board, oversees delivery of the Programme on behalf of the Partnership Board "
            "and leads the clinical case for change (summary slide deck, 'Governing and delivering the "
            "programme')."
        ),
    },
    {
        "name": CLINICAL_REFERENCE_GROUP, "kind": BodyKind.REFERENCE_GROUP, "parent": CLINICAL_LEADERSHIP_GROUP,
        "chair": "", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "The joint health and social care Clinical Reference Group (CRG) provides clinical assurance "
            "internal to the partnership: proposed clinical changes are tested on it before the external "
            "assurance of the Clinical Senate, and it owns the Programme's clinical risks (PID s4.4, s4.5)."
        ),
    },
    {
        "name": PPI_REFERENCE_GROUP, "kind": BodyKind.REFERENCE_GROUP, "parent": PARTNERSHIP_BOARD,
        "chair": "", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "Co-produced the case for change (PID s2.1) and reviews the Marketing, Communications and "
            "Engagement Plan with Healthwatch (PID s4.2); provides user input and assurance so that the "
            "Programme meets patients' and the public's needs and expectations (PID s3.2.2)."
        ),
    },
    {
        "name": POLITICAL_REFERENCE_FORUM, "kind": BodyKind.REFERENCE_GROUP, "parent": PARTNERSHIP_BOARD,
        "chair": "", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
        "purpose": (
            "Engages political representatives of the three councils with the LLR case for change and "
            "provides assurance to help the Programme deliver successfully (PID s2.2, s3.2.2)."
        ),
    },
    {
        "name": PMO, "kind": BodyKind.PMO, "parent": DELIVERY_BOARD,
        "chair": "Programme Director", "risk_review_cycle": ReviewCycle.CONTINUAL, "meets_in_public": False,
        "purpose": (
            "The central office that coordinates the Programme on behalf of the partner organisations: the "
            "information hub and 'single version of the truth', custodian of the programme risk register, "
            "issue log, change control, version control and lessons learned, giving decision support to the "
            "Programme Director and the Delivery Board (PID s2.7.2, s4.1, s4.4, s4.7, s4.8)."
        ),
    },
]

# PID s2.5.2, the six strategic objectives (titles), with the short form of PID Appendix 6 as description.
OBJECTIVES = [
    ("SO1",
     "Deliver high quality, citizen-centred, integrated care pathways, delivered in the appropriate place and "
     "at the appropriate time by the appropriate person, supported by staff/citizens, resulting in a reduction "
     "in the time spent avoidably in hospital",
     "High quality integrated care pathways, delivered in more appropriate settings, reducing time spent "
     "avoidably in hospital."),
    ("SO2",
     "Reduce inequalities in care (both physical and mental) across and within communities in LLR resulting in "
     "additional years of life for citizens with treatable mental and physical health conditions",
     "Reduce inequalities in physical and mental care across and within LLR, resulting in additional years of "
     "life for those with treatable mental and physical health conditions."),
    ("SO3",
     "Increase the number of those citizens with mental and physical health and social care needs reporting a "
     "positive experience of care across all health and social care settings",
     "Increase reporting of positive experience of care across all health and social care settings."),
    ("SO4",
     "Optimise the opportunities for integration and the use of physical assets across the health and social "
     "care economy, ensuring care is provided in appropriate cost-effective settings, reducing duplication and "
     "eliminating waste in the system",
     "Optimise opportunities for integration and use of physical assets, providing care in appropriate "
     "cost-effective settings, reducing duplication and eliminating waste."),
    ("SO5",
     "All health and social care organisations in LLR to achieve financial sustainability, by adapting the "
     "resource profile when appropriate",
     "All LLR partner organisations achieve financial sustainability."),
    ("SO6",
     "Improve the utilisation of our workforce and develop new capacity and capabilities where appropriate, in "
     "our people and the technology we use",
     "Improve utilisation of our workforce and develop new capacity and capabilities where appropriate, in "
     "people and our technology."),
]

# PID s3.3, "Processes and Stages": Identification Apr-Jul 2014, Definition Aug-Dec 2014, three to five
# Delivery stages Jan 2015 - Feb 2019 (the first starting January 2015), Closure Mar-Oct 2019. The demo
# shows the Programme in its second Delivery stage, the year of the Points of Access full business case: its
# "now" (ANCHOR) is the summer of 2016, and ``core.demo.Calendar`` moves every date so that it falls on the day
# the demo is loaded. The stages' names therefore carry no years (the PID's are financial years 2015/16 ...).
ANCHOR = datetime.date(2016, 7, 1)
STAGES = [
    (1, "Programme Identification", StageKind.IDENTIFICATION, (2014, 4, 1), (2014, 7, 31), StageStatus.CLOSED),
    (2, "Programme Definition", StageKind.DEFINITION, (2014, 8, 1), (2014, 12, 31), StageStatus.CLOSED),
    (3, "Delivery stage 1", StageKind.DELIVERY, (2015, 1, 1), (2016, 3, 31), StageStatus.CLOSED),
    (4, "Delivery stage 2", StageKind.DELIVERY, (2016, 4, 1), (2017, 3, 31), StageStatus.ACTIVE),
    (5, "Delivery stage 3", StageKind.DELIVERY, (2017, 4, 1), (2019, 2, 28), StageStatus.PLANNED),
    (6, "Programme Closure", StageKind.CLOSURE, (2019, 3, 1), (2019, 10, 31), StageStatus.PLANNED),
]


def load_organisations(organisations):
    return {
        code: upsert(Organisation, {"code": code}, {"name": name, "kind": kind})[0]
        for code, name, kind in organisations
    }


def load_bodies(bodies):
    loaded = {}
    for body in bodies:
        values = {key: value for key, value in body.items() if key != "name"}
        values["parent"] = loaded[body["parent"]] if body["parent"] else None
        loaded[body["name"]] = upsert(Body, {"name": body["name"]}, values)[0]
    return loaded


def load_objectives(objectives):
    return {
        code: upsert(Objective, {"code": code}, {"title": title, "description": description})[0]
        for code, title, description in objectives
    }


def load_stages(stages, moved):
    """The stages, their dates moved by ``moved`` (a ``core.demo.Calendar``) to the day the demo is loaded."""
    loaded = {}
    for sequence, name, kind, start, end, status in stages:
        loaded[sequence] = upsert(
            Stage, {"sequence": sequence},
            {"name": name, "kind": kind, "start": moved.boundary(start), "end": moved.boundary(end)},
            create_only={"status": status},
        )[0]
    return loaded


def load_programme(name, vision):
    # One programme per tenant: the tenant itself is its natural key.
    programme = Programme.objects.first()
    if programme is None:
        return upsert(Programme, {"name": name}, {"vision": vision})[0]
    return upsert(Programme, {"pk": programme.pk}, {"name": name, "vision": vision})[0]


def load(partnership):
    """The LLR governance hierarchy (PID s3.2) in the active tenant; returns what the next steps link to."""
    from . import llr_workstreams

    organisations = load_organisations(ORGANISATIONS)
    load_programme(PROGRAMME_NAME, VISION)
    bodies = load_bodies(BODIES)
    objectives = load_objectives(OBJECTIVES)
    moved = demo.calendar_for(partnership)
    load_stages(STAGES, moved)
    workstreams, projects = llr_workstreams.load(bodies, objectives, moved)
    return {"organisations": organisations, "bodies": bodies, "workstreams": workstreams, "projects": projects}
