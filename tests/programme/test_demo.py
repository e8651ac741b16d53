"""``load_demo``: idempotent, and the demo holds what API.md ("Demo data") promises."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from core import demo
from core.choices import Role
from core.demo_sync import DEMO_PASSWORD
from core.models import Membership, Organisation, Partnership, RaciEntry, User
from core.tenancy import get_current_tenant, tenant_context
from programme.choices import BodyKind, ProjectStage, ReviewCycle, StageKind, StageStatus, WorkstreamKind
from programme.models import Body, Objective, Project, RoleAssignment, Stage, Workstream

pytestmark = pytest.mark.django_db

UC, POA = "Urgent Care", "Integrating LLR Points of Access"

# API.md's demo users: username -> (tenant, role, scope kind, scope name, organisation code of a partner viewer)
PERSONAS = {
    "pmo.llr": ("llr", Role.PMO, "tenant", None, None),
    "director.llr": ("llr", Role.PROGRAMME_DIRECTOR, "tenant", None, None),
    "sro.llr": ("llr", Role.JOINT_SRO, "tenant", None, None),
    "delivery.llr": ("llr", Role.DELIVERY_BOARD, "tenant", None, None),
    "partnership.llr": ("llr", Role.PARTNERSHIP_BOARD, "tenant", None, None),
    "ig.llr": ("llr", Role.IMPLEMENTATION_GROUP, "tenant", None, None),
    "sro.urgentcare.llr": ("llr", Role.WORKSTREAM_SRO, "workstream", UC, None),
    "lead.urgentcare.llr": ("llr", Role.WORKSTREAM_LEAD, "workstream", UC, None),
    "pm.poa.llr": ("llr", Role.PROJECT_MANAGER, "project", POA, None),
    "viewer.uhl.llr": ("llr", Role.PARTNER_VIEWER, "tenant", None, "UHL"),
    "pmo.north": ("northshire", Role.PMO, "tenant", None, None),
    "viewer.north": ("northshire", Role.PARTNER_VIEWER, "tenant", None, "NICB"),
}


def _counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def _programme_rows():
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_app_config("programme").get_models(include_auto_created=True)
    }


def test_loading_twice_changes_no_count_in_any_app():
    before = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == before


def test_loading_twice_changes_no_programme_row_or_history():
    before = _programme_rows()
    assert before["programme.HistoricalWorkstream"], "the demo should have left history behind"
    call_command("load_demo", verbosity=0)
    after = _programme_rows()
    for label, rows in before.items():
        assert after[label] == rows, label


def test_a_second_load_restores_edited_demo_values_but_keeps_workflow_state(llr):
    with tenant_context(llr):
        urgent_care = Workstream.objects.get(name=UC)
        urgent_care.description = "Edited"
        urgent_care.save()
        project = Project.objects.get(name=POA)
        project.stage = ProjectStage.CLOSING
        project.save()
    call_command("load_demo", verbosity=0)
    with tenant_context(llr):
        assert Workstream.objects.get(name=UC).description.startswith("A new emergency floor")
        assert Project.objects.get(name=POA).stage == ProjectStage.CLOSING


def test_both_partnerships_exist():
    assert set(Partnership.objects.values_list("slug", "name")) >= {
        ("llr", "LLR Better Care Together"), ("northshire", "Northshire Health and Care Partnership"),
    }


@pytest.mark.parametrize("username", PERSONAS)
def test_every_demo_user_holds_the_stated_role_at_its_scope(username):
    slug, role, scope_kind, scope_name, organisation = PERSONAS[username]
    user = User.objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD)
    assert user.email == f"{username}@example.nhs.uk"
    assert user.first_name and user.last_name
    partnership = Partnership.objects.get(slug=slug)
    with tenant_context(partnership):
        membership = Membership.objects.get(user=user)
        assert membership.organisation is not None
        assignments = list(RoleAssignment.objects.filter(user=user))
    assert [(a.role, a.scope_type) for a in assignments] == [(role, scope_kind)]
    assignment = assignments[0]
    if scope_kind == "workstream":
        assert assignment.workstream.name == scope_name
    if scope_kind == "project":
        assert (assignment.project.name, assignment.project.workstream.name) == (scope_name, UC)
    if organisation:
        assert assignment.organisation.code == membership.organisation.code == organisation
    other = Partnership.objects.exclude(slug=slug).filter(slug__in=["llr", "northshire"]).get()
    assert not Membership.all_tenants.filter(tenant=other, user=user).exists()


def test_admin_is_a_superuser_and_pmo_in_both_partnerships():
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(DEMO_PASSWORD)
    for slug in ("llr", "northshire"):
        with tenant_context(Partnership.objects.get(slug=slug)):
            assert Membership.objects.filter(user=admin).exists()
            assert list(RoleAssignment.objects.filter(user=admin).values_list("role", flat=True)) == [Role.PMO]


def test_points_of_access_sits_in_urgent_care_with_its_people(in_llr):
    project = Project.objects.get(name=POA)
    assert project.workstream.name == UC
    assert project.manager.username == "pm.poa.llr"
    assert project.stage == ProjectStage.DELIVERY
    assert "Target Operating Model" in project.description
    assert project.depends_on.exists()
    assert set(project.objectives.values_list("code", flat=True)) >= {"SO1", "SO4", "SO5"}
    urgent_care = project.workstream
    assert (urgent_care.sro.username, urgent_care.lead.username) == ("sro.urgentcare.llr", "lead.urgentcare.llr")


def test_llr_partners_objectives_and_stages(in_llr):
    assert set(Organisation.objects.values_list("code", flat=True)) == {
        "UHL", "LPT", "LCCCG", "WLCCG", "ELRCCG", "LCC", "LEICS", "RCC", "EMAS",
    }
    assert list(Objective.objects.values_list("code", flat=True)) == ["SO1", "SO2", "SO3", "SO4", "SO5", "SO6"]
    assert Objective.objects.get(code="SO5").title.startswith("All health and social care organisations in LLR")
    stages = list(Stage.objects.all())
    assert [stage.kind for stage in stages] == [
        StageKind.IDENTIFICATION, StageKind.DEFINITION, *[StageKind.DELIVERY] * 3, StageKind.CLOSURE,
    ]
    # The PID's April 2014 to October 2019, moved by the demo's calendar: the same span, on month boundaries.
    start, end = stages[0].start, stages[-1].end
    source_span = (datetime.date(2019, 10, 31) - datetime.date(2014, 4, 1)).days
    assert start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    assert abs((end - start).days - source_span) <= 31
    assert [stage.status for stage in stages].count(StageStatus.ACTIVE) == 1
    for earlier, later in zip(stages, stages[1:], strict=False):
        assert earlier.end < later.start


def test_llr_bodies_have_their_parents_and_review_cycles(in_llr):
    bodies = {body.name: body for body in Body.objects.select_related("parent")}
    board = bodies["Partnership Board"]
    assert (board.kind, board.parent, board.meets_in_public) == (BodyKind.PARTNERSHIP_BOARD, None, True)
    assert "lay chair" in board.chair
    delivery = bodies["Delivery Board"]
    assert (delivery.kind, delivery.parent) == (BodyKind.DELIVERY_BOARD, board)
    assert bodies["Implementation Group"].parent == delivery
    assert bodies["Implementation Group"].risk_review_cycle == ReviewCycle.MONTHLY
    assert bodies["Programme Management Office"].risk_review_cycle == ReviewCycle.CONTINUAL
    assert bodies["Clinical Reference Group"].parent.name == "Clinical Leadership Group"
    for name in ("Chief Finance Officers Group", "Clinical Reference Group",
                 "Patient and Public Involvement Reference Group", "Political Reference Forum"):
        assert bodies[name].risk_review_cycle == ReviewCycle.QUARTERLY, name
        assert bodies[name].kind in (BodyKind.REFERENCE_GROUP, BodyKind.SPECIAL_INTEREST_GROUP), name
    assert all(body.parent is not None for name, body in bodies.items() if name != "Partnership Board")


def test_llr_workstreams_by_kind_with_projects(in_llr):
    kinds = {}
    for workstream in Workstream.objects.all():
        kinds.setdefault(workstream.kind, set()).add(workstream.name)
    assert len(kinds[WorkstreamKind.CLINICAL]) == 8
    assert {"Estates and Facilities", "Workforce", "IM&T", "Communications and Engagement",
            "Commissioning and Contracting", "Bed Reconfiguration", "Formal Consultation"} <= kinds[
        WorkstreamKind.ENABLING]
    assert len(kinds[WorkstreamKind.SETTING_OF_CARE]) == 4
    assert kinds[WorkstreamKind.FINANCE] == {"Finance"}
    for name in kinds[WorkstreamKind.CLINICAL]:
        assert Project.objects.filter(workstream__name=name).count() >= 2, name
    assert len(set(Project.objects.values_list("stage", flat=True))) == len(ProjectStage.values)


def test_raci_matrix_is_seeded_in_both_partnerships(llr, northshire):
    for partnership in (llr, northshire):
        with tenant_context(partnership):
            letters = dict(RaciEntry.objects.filter(process="start_workstreams_and_projects").values_list(
                "role", "letters"))
            closure = RaciEntry.objects.get(process="approve_programme_closure", role=Role.PARTNERSHIP_BOARD)
        assert (letters[Role.PROGRAMME_DIRECTOR], letters[Role.JOINT_SRO], letters[Role.PMO]) == ("R", "A", "C")
        assert closure.letters == "A"


def test_shared_names_stay_apart_in_each_partnership(llr, northshire):
    for partnership in (llr, northshire):
        with tenant_context(partnership):
            assert Workstream.objects.get(name=UC).tenant_id == partnership.pk
            assert Body.objects.get(name="Partnership Board").tenant_id == partnership.pk
            assert Objective.objects.get(code="SO1").tenant_id == partnership.pk
    with tenant_context(northshire):
        assert not Project.objects.filter(name=POA).exists()
        assert Project.objects.count() >= 3 and Body.objects.count() == 3


def test_app_loaders_run_per_partnership_in_its_context(monkeypatch, llr, northshire):
    calls = []
    monkeypatch.setattr(demo, "_LOADERS", [])
    demo.register(20, lambda partnership: calls.append(("second", partnership.slug, get_current_tenant())))
    demo.register(10, lambda partnership: calls.append(("first", partnership.slug, get_current_tenant())))
    call_command("load_demo", verbosity=0)
    assert calls == [
        ("first", "llr", llr), ("second", "llr", llr),
        ("first", "northshire", northshire), ("second", "northshire", northshire),
    ]


def test_summary_counts_each_partnership():
    stdout = io.StringIO()
    call_command("load_demo", stdout=stdout)
    out = stdout.getvalue()
    assert "llr (LLR Better Care Together):" in out and "9 organisations" in out
    assert "northshire (Northshire Health and Care Partnership):" in out


@override_settings(DEBUG=False, SETTINGS_MODULE="bct_portal.settings.production")
def test_refuses_production_settings_unless_allowed():
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", verbosity=0)
    before = _counts()
    call_command("load_demo", "--allow-production", verbosity=0)
    assert _counts() == before


@override_settings(DEBUG=True, SETTINGS_MODULE="bct_portal.settings.production")
def test_production_settings_with_debug_on_are_allowed():
    call_command("load_demo", verbosity=0)
