"""Northshire Health and Care Partnership: a small, fictional second tenant that shows isolation.

It deliberately reuses names that also exist in LLR (the "Urgent Care" and "Frail Older People"
workstreams, the "Partnership Board", "Delivery Board" and "Programme Management Office", objective codes
SO1..SO3) so that a test which finds only one of each proves that tenancy, not luck, keeps the partnerships
apart. Its shape follows the same PID model (DOMAIN.md s2): partners, boards with a PMO, objectives,
stages, workstreams and projects.
"""

import datetime

from core import demo
from core.choices import OrganisationKind
from programme.choices import BodyKind, ProjectStage, ReviewCycle, StageKind, StageStatus, WorkstreamKind

from .llr import load_bodies, load_objectives, load_organisations, load_programme, load_stages
from .llr_workstreams import load_projects, load_workstreams

SLUG = "northshire"
NAME = "Northshire Health and Care Partnership"
SHORT_NAME = "Northshire"

ORGANISATIONS = [
    ("NHFT", "Northshire Hospitals NHS Foundation Trust", OrganisationKind.ACUTE_TRUST),
    ("NCHT", "Northshire Community Health NHS Trust", OrganisationKind.COMMUNITY_TRUST),
    ("NICB", "NHS Northshire Integrated Care Board", OrganisationKind.CCG),
    ("NCC", "Northshire County Council", OrganisationKind.COUNCIL),
]

PROGRAMME_NAME = "Northshire Together"
VISION = (
    "People in Northshire live well at home for longer, with joined-up health and care that is there when "
    "they need it and costs no more than the county can afford."
)

PARTNERSHIP_BOARD = "Partnership Board"
DELIVERY_BOARD = "Delivery Board"
PMO = "Programme Management Office"

BODIES = [
    {"name": PARTNERSHIP_BOARD, "kind": BodyKind.PARTNERSHIP_BOARD, "parent": None,
     "chair": "Independent chair", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": True,
     "purpose": "Accountable to the partner organisations for the success of Northshire Together."},
    {"name": DELIVERY_BOARD, "kind": BodyKind.DELIVERY_BOARD, "parent": PARTNERSHIP_BOARD,
     "chair": "Programme SRO", "risk_review_cycle": ReviewCycle.QUARTERLY, "meets_in_public": False,
     "purpose": "Oversees delivery of the programme on behalf of the Partnership Board."},
    {"name": PMO, "kind": BodyKind.PMO, "parent": DELIVERY_BOARD,
     "chair": "", "risk_review_cycle": ReviewCycle.CONTINUAL, "meets_in_public": False,
     "purpose": "Keeps the programme's registers, plans and reports."},
]

OBJECTIVES = [
    ("SO1", "Care closer to home: fewer avoidable admissions and shorter stays in hospital",
     "Same-day and community alternatives to admission, and discharge home first."),
    ("SO2", "Every partner financially sustainable by 2028/29",
     "Close the partnership's combined funding gap through shared services and fewer hospital beds."),
    ("SO3", "Joined-up information for every professional who cares for a person",
     "One shared care record across the hospital, community and council teams."),
]

# Northshire's "now": the autumn of 2025, when its first Delivery stage was a year in (``core.demo.Calendar``).
ANCHOR = datetime.date(2025, 9, 1)
STAGES = [
    (1, "Definition", StageKind.DEFINITION, (2024, 4, 1), (2024, 9, 30), StageStatus.CLOSED),
    (2, "Delivery stage 1", StageKind.DELIVERY, (2024, 10, 1), (2027, 3, 31), StageStatus.ACTIVE),
]

URGENT_CARE = "Urgent Care"
WORKSTREAMS = [
    (URGENT_CARE, WorkstreamKind.CLINICAL, DELIVERY_BOARD,
     "Same-day urgent care for Northshire: one number to call, one place to be seen."),
    ("Frail Older People", WorkstreamKind.CLINICAL, DELIVERY_BOARD,
     "Keeping frail older people well at home, and getting them home sooner after a hospital stay."),
    ("Digital", WorkstreamKind.ENABLING, DELIVERY_BOARD,
     "The shared care record and the devices and networks it needs."),
]

SHARED_CARE_RECORD = "Shared care record"
URGENT_CARE_HUB = "Integrated urgent care hub"
# (workstream, name, stage, start, end, objective codes, depends on, description)
PROJECTS = [
    (URGENT_CARE, URGENT_CARE_HUB, ProjectStage.DELIVERY, (2024, 10, 1), (2026, 9, 30), "SO1",
     [SHARED_CARE_RECORD], "One clinical hub behind NHS 111 and the county's out-of-hours services."),
    (URGENT_CARE, "Same-day emergency care expansion", ProjectStage.INITIATING, (2025, 4, 1), (2026, 12, 31),
     "SO1 SO2", [URGENT_CARE_HUB], "Extend same-day emergency care at Northshire General Hospital."),
    ("Frail Older People", "Home first: discharge to assess", ProjectStage.STARTING_UP, (2025, 10, 1),
     (2027, 3, 31), "SO1 SO2", [], "Assess people's longer-term needs at home rather than on a ward."),
    ("Digital", SHARED_CARE_RECORD, ProjectStage.DELIVERY, (2024, 10, 1), (2026, 3, 31), "SO3", [],
     "Hospital, community and council records visible in one view."),
]


def load(partnership):
    organisations = load_organisations(ORGANISATIONS)
    load_programme(PROGRAMME_NAME, VISION)
    bodies = load_bodies(BODIES)
    objectives = load_objectives(OBJECTIVES)
    moved = demo.calendar_for(partnership)
    load_stages(STAGES, moved)
    workstreams = load_workstreams(WORKSTREAMS, bodies)
    projects = load_projects(PROJECTS, workstreams, objectives, moved)
    return {"organisations": organisations, "bodies": bodies, "workstreams": workstreams, "projects": projects}
