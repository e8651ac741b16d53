"""A generated partnership's programme: partners, bodies, objectives, stages, workstreams, projects, people,
their roles and the RACI matrix, and the registers' per-tenant settings rows."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from benefits.models import BenefitSettings
from business_cases.models import BusinessCaseSettings
from change_control.models import ChangeControlSettings
from core import raci
from core.choices import Role
from core.models import Membership, Organisation, Partnership, User
from programme.choices import BodyKind, ProjectStage, ReviewCycle, StageKind, StageStatus
from programme.models import Body, Objective, Programme, Project, RoleAssignment, Stage, Workstream
from risks.models import RiskSettings

from .. import names
from .bulk import HistoryWriter, insert, moment

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Harj", "Isla", "Jack", "Kiran", "Leah",
               "Mo", "Niamh", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vic", "Will", "Yusuf", "Zara"]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fox", "Green", "Hughes", "Iqbal", "Jones", "Khan",
              "Lewis", "Morgan", "Nash", "O'Neill", "Patel", "Reid", "Singh", "Taylor", "Walsh", "Young"]
# Persona usernames ("load.<key>.<suffix>") and their tenant-wide roles; the load test and the benchmark act as them.
PERSONAS = [
    ("pmo", Role.PMO), ("director", Role.PROGRAMME_DIRECTOR), ("sro", Role.JOINT_SRO),
    ("delivery", Role.DELIVERY_BOARD), ("partnership", Role.PARTNERSHIP_BOARD), ("ig", Role.IMPLEMENTATION_GROUP),
    ("viewer", Role.PARTNER_VIEWER),
]
OBJECTIVES = [
    "Care closer to home: fewer avoidable admissions", "Reduce inequalities in outcomes and access",
    "A positive experience of care in every setting", "Best use of the system's estate and assets",
    "Every partner financially sustainable", "A workforce with the capacity and skills we need",
]
UNUSABLE_PASSWORD = make_password(None)


@dataclass
class TenantData:
    """What the register builders link to."""

    index: int
    key: str
    tenant: Partnership
    start: datetime.date
    today: datetime.date
    organisations: list = field(default_factory=list)
    bodies: dict = field(default_factory=dict)  # BodyKind -> Body
    objectives: list = field(default_factory=list)
    workstreams: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    users: list = field(default_factory=list)
    personas: dict = field(default_factory=dict)  # suffix -> User
    cases: list = field(default_factory=list)
    risk_ids: list = field(default_factory=list)

    @property
    def user_ids(self):
        return [user.pk for user in self.users]


def build(tenant, index, key, size, rng, today):
    start = datetime.date(today.year - size.history_years, today.month, min(today.day, 28))
    name = tenant.short_name
    data = TenantData(index=index, key=key, tenant=tenant, start=start, today=today)
    tid = tenant.pk
    data.organisations = insert(Organisation, [
        Organisation(tenant_id=tid, code=code, name=template.format(place=name)[:200], kind=kind)
        for code, template, kind in names.ORGANISATIONS])
    Programme.all_tenants.create(tenant_id=tid, name=f"{name} Together",
                                 vision=f"People in {name} live well at home for longer.")
    _bodies(data)
    data.objectives = insert(Objective, [
        Objective(tenant_id=tid, code=f"SO{n + 1}", title=title, description=title)
        for n, title in enumerate(OBJECTIVES)])
    insert(Stage, [
        Stage(tenant_id=tid, sequence=n + 1, name=label, kind=kind, start=start.replace(year=start.year + 2 * n),
              end=start.replace(year=start.year + 2 * n + 2) - datetime.timedelta(days=1), status=status)
        for n, (label, kind, status) in enumerate([
            ("Identification and definition", StageKind.DEFINITION, StageStatus.CLOSED),
            ("Delivery stage 1", StageKind.DELIVERY, StageStatus.CLOSED),
            ("Delivery stage 2", StageKind.DELIVERY, StageStatus.CLOSED),
            ("Delivery stage 3", StageKind.DELIVERY, StageStatus.CLOSED),
            ("Delivery stage 4", StageKind.DELIVERY, StageStatus.ACTIVE),
            ("Closure", StageKind.CLOSURE, StageStatus.PLANNED),
        ])])
    _people(data, size, rng)
    _workstreams_and_projects(data, size, rng)
    _roles(data)
    raci.seed_matrix(tenant)
    RiskSettings.all_tenants.create(tenant_id=tid)
    BenefitSettings.all_tenants.create(tenant_id=tid)
    BusinessCaseSettings.all_tenants.create(tenant_id=tid)
    ChangeControlSettings.all_tenants.create(tenant_id=tid)
    return data


def reload(tenant, index, key, size, today):
    """The ``TenantData`` of a partnership generated earlier (its workstreams, projects and people), for a generator
    added since (``perf.generate.top_up``)."""
    start = datetime.date(today.year - size.history_years, today.month, min(today.day, 28))
    data = TenantData(index=index, key=key, tenant=tenant, start=start, today=today)
    data.workstreams = list(Workstream.all_tenants.filter(tenant=tenant).order_by("pk"))
    data.projects = list(Project.all_tenants.filter(tenant=tenant).order_by("pk"))
    data.users = list(User.objects.filter(username__startswith=f"{names.USER_PREFIX}{key}.").order_by("pk"))
    by_name = {user.username: user for user in data.users}
    data.personas = {suffix: by_name[f"{names.USER_PREFIX}{key}.{suffix}"] for suffix, _ in PERSONAS}
    return data


def _bodies(data):
    tid = data.tenant.pk
    specs = [
        ("Partnership Board", BodyKind.PARTNERSHIP_BOARD, None, ReviewCycle.QUARTERLY),
        ("Delivery Board", BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD, ReviewCycle.QUARTERLY),
        ("Implementation Group", BodyKind.IMPLEMENTATION_GROUP, BodyKind.DELIVERY_BOARD, ReviewCycle.MONTHLY),
        ("Finance Group", BodyKind.SPECIAL_INTEREST_GROUP, BodyKind.DELIVERY_BOARD, ReviewCycle.QUARTERLY),
        ("Programme Management Office", BodyKind.PMO, BodyKind.DELIVERY_BOARD, ReviewCycle.CONTINUAL),
    ]
    for body_name, kind, parent, cycle in specs:  # one by one: each parent must exist first
        data.bodies[kind] = Body.all_tenants.create(
            tenant_id=tid, name=body_name, kind=kind, parent=data.bodies.get(parent), risk_review_cycle=cycle,
            purpose=f"The {body_name} of the partnership.")


def _people(data, size, rng):
    prefix = f"{names.USER_PREFIX}{data.key}."
    usernames = [f"{prefix}{suffix}" for suffix, _ in PERSONAS]
    usernames += [f"{prefix}{n:04d}" for n in range(max(size.users - len(usernames), 0))]
    users = []
    for username in usernames:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(User(username=username, first_name=first, last_name=last, email=f"{username}@example.nhs.uk",
                          password=UNUSABLE_PASSWORD, is_active=True))
    data.users = insert(User, users)
    data.personas = {suffix: user for (suffix, _), user in zip(PERSONAS, data.users, strict=False)}
    organisations = data.organisations
    insert(Membership, [
        Membership(tenant_id=data.tenant.pk, user_id=user.pk, organisation=organisations[n % len(organisations)],
                   job_title="Programme team")
        for n, user in enumerate(data.users)])


def _workstreams_and_projects(data, size, rng):
    tid = data.tenant.pk
    themes = names.WORKSTREAM_THEMES
    users = data.users[len(PERSONAS):] or data.users
    workstreams = []
    for n in range(size.workstreams):
        theme, kind = themes[n % len(themes)]
        label = theme if n < len(themes) else f"{theme} {n // len(themes) + 1}"
        reports_to = data.bodies[
            BodyKind.SPECIAL_INTEREST_GROUP if kind == "finance" else BodyKind.IMPLEMENTATION_GROUP]
        workstreams.append(Workstream(
            tenant_id=tid, name=label, kind=kind, description=f"The {label} workstream of {data.tenant.short_name}.",
            sro_id=users[(2 * n) % len(users)].pk, lead_id=users[(2 * n + 1) % len(users)].pk, reports_to=reports_to))
    data.workstreams = insert(Workstream, workstreams)
    stages = [ProjectStage.STARTING_UP, ProjectStage.INITIATING, ProjectStage.DELIVERY, ProjectStage.DELIVERY,
              ProjectStage.DELIVERY, ProjectStage.CLOSING, ProjectStage.CLOSED]
    projects = []
    for n in range(size.projects):
        workstream = data.workstreams[n % len(data.workstreams)]
        noun = names.PROJECT_NOUNS[n % len(names.PROJECT_NOUNS)]
        start = data.start.replace(year=data.start.year + rng.randrange(max(data.today.year - data.start.year, 1)))
        projects.append(Project(
            tenant_id=tid, workstream_id=workstream.pk, name=f"{rng.choice(names.PROJECT_VERBS)} {noun} ({n + 1})",
            description=names.text(rng, 40), stage=rng.choice(stages), manager_id=users[n % len(users)].pk,
            start=start, end=start.replace(year=start.year + 3)))
    data.projects = insert(Project, projects)
    for project in data.projects:
        project.workstream = next(w for w in data.workstreams if w.pk == project.workstream_id)
    through = Project.objectives.through
    insert(through, [through(project_id=p.pk, objective_id=o.pk) for p in data.projects
                     for o in rng.sample(data.objectives, rng.randint(1, 2))])
    depends = Project.depends_on.through
    links = {(p.pk, q.pk) for p in data.projects for q in rng.sample(data.projects, min(2, len(data.projects)))
             if p.pk != q.pk and rng.random() < 0.3}
    insert(depends, [depends(from_project_id=a, to_project_id=b) for a, b in sorted(links)])
    for model, rows in ((Workstream, data.workstreams), (Project, data.projects)):
        writer = HistoryWriter(model)
        for row in rows:
            writer.record(row, moment(data.start, rng), "+", data.personas["pmo"].pk, "Generated (load data)")
        writer.flush()


def _roles(data):
    tid = data.tenant.pk
    rows = [RoleAssignment(tenant_id=tid, user_id=user.pk, role=role,
                           organisation=data.organisations[0] if role == Role.PARTNER_VIEWER else None)
            for (suffix, role), user in zip(PERSONAS, data.users, strict=False)]
    for workstream in data.workstreams:
        rows.append(RoleAssignment(tenant_id=tid, user_id=workstream.sro_id, role=Role.WORKSTREAM_SRO,
                                   workstream_id=workstream.pk))
        rows.append(RoleAssignment(tenant_id=tid, user_id=workstream.lead_id, role=Role.WORKSTREAM_LEAD,
                                   workstream_id=workstream.pk))
    seen = set()
    for project in data.projects:
        if (project.manager_id, project.pk) not in seen:
            seen.add((project.manager_id, project.pk))
            rows.append(RoleAssignment(tenant_id=tid, user_id=project.manager_id, role=Role.PROJECT_MANAGER,
                                       project_id=project.pk))
    # A workstream SRO of two workstreams holds the role twice, once per workstream: unique per scope.
    unique = {(r.user_id, r.role, r.workstream_id, r.project_id): r for r in rows}
    insert(RoleAssignment, list(unique.values()))
