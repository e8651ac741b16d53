"""The demo personas of API.md ("Demo data"): one user per role, each a member of one partnership through a
partner organisation, holding the role at its scope (DOMAIN.md s3), plus a superuser for the Django admin.

Names are fictional. Every user's password is ``sync.DEMO_PASSWORD`` and its email
``<username>@example.nhs.uk``; ``load_demo`` refuses to run in production so these never reach it.
"""

from core.choices import Role
from core.demo_sync import demo_user, upsert
from core.models import Membership
from programme.choices import BodyKind
from programme.models import Body, Project, RoleAssignment, Workstream

from . import llr_workstreams, northshire

ADMIN_USERNAME = "admin"
UC, POA = llr_workstreams.URGENT_CARE, llr_workstreams.POINTS_OF_ACCESS

# username: (first name, last name, job title, organisation code, role, scope). Scope is None for the
# tenant-wide roles, ("workstream", name) or ("project", (workstream, name)) for the scoped ones.
LLR_PERSONAS = {
    "pmo.llr": ("Priya", "Chauhan", "BCT PMO Manager", "LEICS", Role.PMO, None),
    "director.llr": ("Martin", "Whitaker", "BCT Programme Director", "WLCCG", Role.PROGRAMME_DIRECTOR, None),
    "sro.llr": ("Helen", "Marsh", "Joint Senior Responsible Owner, BCT", "UHL", Role.JOINT_SRO, None),
    "delivery.llr": ("David", "Okafor", "Director of Strategy; Delivery Board member", "LPT",
                     Role.DELIVERY_BOARD, None),
    "partnership.llr": ("Margaret", "Ellison", "Partnership Board member", "RCC", Role.PARTNERSHIP_BOARD, None),
    "ig.llr": ("Sanjay", "Mistry", "Head of Transformation; Implementation Group member", "LCCCG",
               Role.IMPLEMENTATION_GROUP, None),
    "sro.urgentcare.llr": ("Rachel", "Hughes", "Urgent Care workstream SRO", "ELRCCG", Role.WORKSTREAM_SRO,
                           ("workstream", UC)),
    "lead.urgentcare.llr": ("Tom", "Bradshaw", "Urgent Care workbook lead", "UHL", Role.WORKSTREAM_LEAD,
                            ("workstream", UC)),
    "pm.poa.llr": ("Aisha", "Patel", "Programme Manager, Integrating LLR Points of Access", "LPT",
                   Role.PROJECT_MANAGER, ("project", (UC, POA))),
    "viewer.uhl.llr": ("Gareth", "Lloyd", "Senior Information Analyst", "UHL", Role.PARTNER_VIEWER, None),
}

NORTHSHIRE_PERSONAS = {
    "pmo.north": ("Fiona", "Campbell", "Programme Office Lead", "NCC", Role.PMO, None),
    "viewer.north": ("Owen", "Price", "Business Intelligence Analyst", "NICB", Role.PARTNER_VIEWER, None),
}

ADMIN = ("Demo", "Administrator")


def _scope(scope):
    """The RoleAssignment fields for a persona's scope, looked up in the active tenant."""
    if scope is None:
        return {"workstream": None, "project": None}
    kind, key = scope
    if kind == "workstream":
        return {"workstream": Workstream.objects.get(name=key), "project": None}
    workstream, name = key
    return {"workstream": None, "project": Project.objects.get(workstream__name=workstream, name=name)}


def load_persona(username, first_name, last_name, job_title, organisation, role, scope):
    user = demo_user(username, first_name, last_name)
    upsert(Membership, {"user": user}, {"organisation": organisation, "job_title": job_title})
    assign(user, role, scope, organisation)
    return user


def assign(user, role, scope=None, organisation=None):
    """Give ``user`` ``role`` at ``scope``; a partner viewer's role names their organisation (DOMAIN.md s3)."""
    lookup = {"user": user, "role": role, **_scope(scope)}
    values = {"organisation": organisation if role == Role.PARTNER_VIEWER else None}
    return upsert(RoleAssignment, lookup, values)[0]


def load_personas(personas, organisations):
    return {
        username: load_persona(username, first, last, title, organisations[code], role, scope)
        for username, (first, last, title, code, role, scope) in personas.items()
    }


def load_admin():
    """The superuser for the Django admin: PMO in every demo partnership."""
    admin = demo_user(ADMIN_USERNAME, *ADMIN, is_staff=True, is_superuser=True)
    upsert(Membership, {"user": admin}, {"organisation": None, "job_title": "Portal administrator"})
    assign(admin, Role.PMO)
    return admin


def load_llr(organisations):
    """LLR's personas; Urgent Care's SRO and workbook lead and the Points of Access manager are theirs."""
    users = load_personas(LLR_PERSONAS, organisations)
    urgent_care = Workstream.objects.get(name=UC)
    upsert(
        Workstream, {"pk": urgent_care.pk},
        {"sro": users["sro.urgentcare.llr"], "lead": users["lead.urgentcare.llr"]},
    )
    points_of_access = Project.objects.get(workstream=urgent_care, name=POA)
    upsert(Project, {"pk": points_of_access.pk}, {"manager": users["pm.poa.llr"]})
    # The Delivery Board is chaired by the joint SROs (PID s3.2); the Partnership Board's lay chair is no
    # portal user, so the PMO records that board's decisions as its secretary.
    Body.objects.get(kind=BodyKind.DELIVERY_BOARD).chairs.add(users["sro.llr"])
    load_admin()
    return users


def load_northshire(organisations):
    users = load_personas(NORTHSHIRE_PERSONAS, organisations)
    load_admin()
    return users


LOADERS = {"llr": load_llr, northshire.SLUG: load_northshire}
