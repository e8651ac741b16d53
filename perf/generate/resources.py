"""A generated partnership's partner resources (issue 18): the FBC's eight key roles as skills; for every project
two or three pledges of people from its partner organisations (one in five naming one of twenty members, so some
are pledged beyond full time) over the current quarter and the three after, and a pledge of space for one project
in ten; for every approved business case a demand of two or three skills in each of those quarters; a history row
per pledge. The large tenant: 400 projects, about 1,000 pledges and 3,000 demands."""

from decimal import Decimal

from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.models import Organisation
from finance import quarters
from finance.choices import Level, PledgeKind
from finance.models import ResourceDemand, ResourcePledge, Skill

from .bulk import HistoryWriter, insert, moment

SKILLS = ["Programme management", "PMO support", "Change management", "Estates", "Business process design",
          "Operations", "Quality and performance", "Accommodation"]
WTE = [Decimal(v) for v in ("0.2", "0.4", "0.5", "0.6", "0.8", "1.0")]


def build(data, size, rng):
    tid, pmo = data.tenant.pk, data.personas["pmo"].pk
    skills = insert(Skill, [Skill(tenant_id=tid, name=name, description="Generated (load data).") for name in SKILLS])
    organisations = list(Organisation.all_tenants.filter(tenant_id=tid).order_by("pk"))
    named = data.users[:20]
    first = quarters.of(data.today)
    shown = quarters.span(first, quarters.following(first, 3))
    pledges = []
    for index, project in enumerate(data.projects):
        for _ in range(rng.choice([2, 2, 3])):
            person = named[rng.randrange(len(named))].pk if named and rng.random() < 0.2 else None
            pledges.append(ResourcePledge(
                tenant_id=tid, organisation_id=organisations[rng.randrange(len(organisations))].pk,
                kind=rng.choice([PledgeKind.POST, PledgeKind.SECONDMENT, PledgeKind.BACKFILL]), level=Level.PROJECT,
                workstream_id=project.workstream_id, project_id=project.pk, first_quarter=shown[0],
                last_quarter=shown[rng.randrange(1, len(shown))], wte=rng.choice(WTE),
                skill_id=skills[rng.randrange(len(skills))].pk, person_id=person, created=moment(data.today, rng)))
        if index % 10 == 0:
            pledges.append(ResourcePledge(
                tenant_id=tid, organisation_id=organisations[0].pk, kind=PledgeKind.SPACE, level=Level.PROJECT,
                workstream_id=project.workstream_id, project_id=project.pk, first_quarter=shown[0],
                last_quarter=shown[-1], description="Generated: a project room.", desks=4, rooms=1,
                created=moment(data.today, rng)))
    pledges = insert(ResourcePledge, pledges)
    demands = []
    for case in BusinessCase.all_tenants.filter(tenant_id=tid, status=CaseStatus.APPROVED).order_by("pk"):
        for skill in rng.sample(skills, rng.choice([2, 3])):
            for quarter in shown:
                demands.append(ResourceDemand(tenant_id=tid, business_case_id=case.pk, project_id=case.project_id,
                                              skill_id=skill.pk, quarter=quarter, wte=rng.choice(WTE),
                                              note="Generated (load data).", created=moment(data.today, rng)))
    insert(ResourceDemand, demands)
    writer = HistoryWriter(ResourcePledge)
    for pledge in pledges:
        writer.record(pledge, pledge.created, "+", pmo, "Generated (load data)")
    writer.flush()
    return {"resource pledges": len(pledges), "resource demands": len(demands)}
