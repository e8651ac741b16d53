"""The demo's partner resources (llr): the Points of Access project's programme team, pledged by three partner
organisations, against the demand of its approved FBC, with exactly one skills gap on the capacity page.

What the source states (seed 004, the Points of Access FBC): the key programme roles of Table 2 (s5.7.1) and the
key PMO resources "Programme Manager, PMO Support and Change Manager" (s5.1.1.3), and that operational personnel
should be seconded into the team, with backfill for the operational roles of key staff seconded (s7.6.1). Those
roles are the demo's skills. **Illustrative, not from the source**: the FBC states no WTE, grade, partner or
quarter for any role, so every pledge and demand figure below is invented to show the page: LPT seconds a
programme manager (1.0 WTE) and backfills an operational post (1.0 WTE), Leicester City Council pledges PMO
support (1.0 WTE) and a room for the programme team, Leicestershire County Council seconds a change manager at
0.5 WTE; the FBC's demand is the same throughout except that change management needs 1.0 WTE in the third quarter
(the single gap: 0.5 WTE short). Operations is pledged as backfill with no demand stated (shown as spare).

Dates: the four financial quarters from the one the demo is loaded in (pledges are for periods to come).
Idempotent: nothing is added if the project already has pledges.
"""

import datetime
from decimal import Decimal

from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.models import Organisation, User
from finance import quarters
from finance.models import ResourceDemand, ResourcePledge, Skill
from finance.models.resources import GradeBand, PledgeKind
from finance.services import _save
from programme.models import Project

POA = "Integrating LLR Points of Access"
# FBC Table 2 (key roles) and s5.1.1.3 (key PMO resources).
SKILLS = [
    ("Programme management", "FBC Table 2 role 1, Programme Manager"),
    ("PMO support", "FBC Table 2 role 2, PMO Support"),
    ("Change management", "FBC Table 2 role 3, Change Manager"),
    ("Operations", "FBC Table 2 role 6, Operations Workstream Lead; backfill of seconded operational staff "
                   "(s7.6.1)"),
]
# Illustrative: (organisation code, kind, skill, WTE, grade band).
PLEDGES = [
    ("LPT", PledgeKind.SECONDMENT, "Programme management", "1.0", GradeBand.BAND_8C),
    ("LCC", PledgeKind.POST, "PMO support", "1.0", GradeBand.BAND_5),
    ("LEICS", PledgeKind.SECONDMENT, "Change management", "0.5", GradeBand.BAND_8A),
    ("LPT", PledgeKind.BACKFILL, "Operations", "1.0", GradeBand.NOT_STATED),
]
SPACE = ("LCC", "A project room for the programme team (illustrative)", 6, 1)
# Illustrative demand per quarter (of the four): skill -> WTE each quarter.
DEMAND = {
    "Programme management": ["1.0", "1.0", "1.0", "1.0"],
    "PMO support": ["1.0", "1.0", "1.0", "1.0"],
    "Change management": ["0.5", "0.5", "1.0", "0.5"],
}


def load(partnership, today=None):
    if partnership.slug != "llr":
        return
    poa = Project.objects.filter(name=POA).first()
    pmo = User.objects.filter(username="pmo.llr").first()
    case = BusinessCase.objects.filter(project=poa, status=CaseStatus.APPROVED).order_by("pk").first()
    if poa is None or pmo is None or ResourcePledge.objects.filter(project=poa).exists():
        return
    skills = {}
    for name, description in SKILLS:
        skills[name] = Skill.objects.get_or_create(name=name, defaults={"description": description})[0]
    organisations = {org.code: org for org in Organisation.objects.all()}
    first = quarters.of(today or datetime.date.today())
    shown = quarters.span(first, quarters.following(first, 3))
    for code, kind, skill, wte, grade in PLEDGES:
        pledge = ResourcePledge(tenant=partnership, organisation=organisations[code], kind=kind, level="project",
                                project=poa, first_quarter=shown[0], last_quarter=shown[-1], wte=Decimal(wte),
                                grade=grade, skill=skills[skill])
        _save(pledge, pmo, "Pledged (demo, illustrative)")
    code, description, desks, rooms = SPACE
    _save(ResourcePledge(tenant=partnership, organisation=organisations[code], kind=PledgeKind.SPACE,
                         level="project", project=poa, first_quarter=shown[0], last_quarter=shown[-1],
                         description=description, desks=desks, rooms=rooms), pmo, "Pledged (demo, illustrative)")
    if case is None:
        return
    for skill, amounts in DEMAND.items():
        for quarter, wte in zip(shown, amounts, strict=True):
            _save(ResourceDemand(tenant=partnership, business_case=case, project=poa, skill=skills[skill],
                                 quarter=quarter, wte=Decimal(wte),
                                 note="Illustrative: the FBC states no WTE by quarter"), pmo,
                  "Demand (demo, illustrative)")
