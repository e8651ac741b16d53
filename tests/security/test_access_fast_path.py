"""The fixed cost of a request (issue 20): the API token read in one written statement, the roles with the RACI
matrix's version in another, the matrix remembered per version (core.derived). Each fast read is compared with the
ORM reading it replaced, field by field, and a role or matrix cell taken away stops working on the next request."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core import derived, raci, rules
from core.api.authentication import token_with_membership
from core.choices import Role
from core.db import cross_tenant_lookup
from core.models import ApiToken, Membership, Partnership, RaciEntry, User
from core.models.access import hash_token_key
from core.tenancy import tenant_context
from programme.models import Project, RoleAssignment, Workstream

pytestmark = pytest.mark.django_db
START = "start_workstreams_and_projects"  # Appendix 3: the Programme Director alone holds R


def orm_token(key):
    """The ORM reading ``token_with_membership`` replaced."""
    membership = Membership.all_tenants.filter(tenant_id=OuterRef("tenant_id"), user_id=OuterRef("user_id"))
    token = (ApiToken.all_tenants.select_related("user", "tenant").annotate(is_member=Exists(membership))
             .filter(key_hash=hash_token_key(key)).first())
    return (None, False) if token is None else (token, token.is_member)


def orm_access(user, tenant_id):
    """The ORM reading ``load_access`` replaced: (is member, roles, matrix)."""
    is_member = Membership.all_tenants.filter(tenant_id=tenant_id, user=user).exists()
    if not is_member:
        return False, [], {}
    roles = list(RoleAssignment.all_tenants.filter(tenant_id=tenant_id, user=user)
                 .values_list("role", "workstream_id", "project_id"))
    matrix = {(process, role): letters for process, role, letters in RaciEntry.all_tenants
              .filter(tenant_id=tenant_id).exclude(letters="").values_list("process", "role", "letters")}
    return True, roles, matrix


def values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def newcomer(llr):
    """A member of LLR with no roles yet, a name that needs escaping and a token."""
    user = User.objects.create_user("newcomer.llr", email="new@example.org", first_name='<Ann & "Bo">',
                                    last_name="", is_staff=True)
    with tenant_context(llr):
        Membership.objects.create(user=user, job_title="Analyst")
    return user


def issue(user, tenant, **fields):
    with tenant_context(tenant):
        token, key = ApiToken.issue(user, tenant, name='<b>&"x"</b>')
        if fields:
            ApiToken.objects.filter(pk=token.pk).update(**fields)
    return key


def test_the_token_statement_reads_what_the_orm_read(llr, northshire, newcomer):
    now = timezone.now()
    past, future = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)
    keys = [
        issue(newcomer, llr),  # never used, no expiry
        issue(newcomer, llr, expires=future, last_used=past),
        issue(newcomer, llr, expires=past),  # expired
        issue(newcomer, llr, revoked=past),  # revoked
        issue(newcomer, northshire),  # not a member there
        issue(User.objects.get(username="pmo.llr"), llr),
        "bct_no-such-key",
    ]
    User.objects.filter(username="pmo.llr").update(is_active=False, last_login=past)
    with cross_tenant_lookup():
        for key in keys:
            fast, fast_member = token_with_membership(key)
            slow, slow_member = orm_token(key)
            assert fast_member is slow_member, key
            if slow is None:
                assert fast is None
                continue
            assert values(fast) == values(slow)
            assert values(fast.user) == values(slow.user)
            assert values(fast.tenant) == values(slow.tenant)
            assert (fast.is_active, fast.user.is_active) == (slow.is_active, slow.user.is_active)
            assert fast.created.tzinfo is not None and type(fast.user.is_staff) is bool


def test_the_access_load_reads_what_the_orm_read(llr, northshire, newcomer):
    with tenant_context(llr):
        workstream = Workstream.objects.order_by("pk").first()
        project = Project.objects.exclude(workstream=workstream).order_by("pk").first()
        RaciEntry.objects.filter(process=START, role=Role.PMO).update(letters="")  # a blank cell is left out
        derived.bump(llr.pk, rules.RACI_MATRIX)
        for role, scope in [(Role.PMO, {}), (Role.WORKSTREAM_LEAD, {"workstream": workstream}),
                            (Role.PROJECT_MANAGER, {"project": project}), (Role.DELIVERY_BOARD, {})]:
            RoleAssignment.objects.create(user=newcomer, role=role, **scope)
    cases = [(newcomer, llr), (newcomer, northshire), (User.objects.get(username="viewer.uhl.llr"), llr),
             (User.objects.get(username="director.llr"), llr)]
    for user, tenant in cases:
        rules.clear_access_cache(user)
        with tenant_context(tenant):
            access = rules.load_access(user, tenant.pk)
            is_member, roles, matrix = orm_access(user, tenant.pk)
        assert access.is_member is is_member
        assert sorted(access.roles, key=repr) == sorted(roles, key=repr)
        assert access.matrix == matrix
    assert len(rules.load_access(newcomer, llr.pk).roles) == 4


def test_the_matrix_is_read_once_per_version(llr, persona):
    director = persona("director.llr")
    with tenant_context(llr):
        rules.load_access(director, llr.pk)  # remembered now
        rules.clear_access_cache(director)
        with CaptureQueriesContext(connection) as captured:
            access = rules.load_access(director, llr.pk)
        assert len(captured) == 2, [query["sql"] for query in captured]  # the membership, the roles with the version
        assert access.matrix[(START, Role.PROGRAMME_DIRECTOR)] == "R"
        entry = RaciEntry.objects.get(process=START, role=Role.PROGRAMME_DIRECTOR)
        entry.letters = "C"
        entry.save()  # a new version: read again
        rules.clear_access_cache(director)
        assert rules.load_access(director, llr.pk).matrix[(START, Role.PROGRAMME_DIRECTOR)] == "C"
        entry.delete()
        rules.clear_access_cache(director)
        assert (START, Role.PROGRAMME_DIRECTOR) not in rules.load_access(director, llr.pk).matrix


def test_a_rolled_back_edit_leaves_no_remembered_matrix(llr, persona):
    director = persona("director.llr")
    with tenant_context(llr):
        entry = RaciEntry.objects.get(process=START, role=Role.PROGRAMME_DIRECTOR)
        with pytest.raises(RuntimeError), transaction.atomic():
            entry.letters = "C"
            entry.save()
            assert rules.load_access(director, llr.pk).matrix[(START, Role.PROGRAMME_DIRECTOR)] == "C"
            raise RuntimeError
        rules.clear_access_cache(director)
        assert rules.load_access(director, llr.pk).matrix[(START, Role.PROGRAMME_DIRECTOR)] == "R"


def test_a_new_partnership_matrix_is_seen_once_seeded(persona):
    """With no version row, "no version" is itself a version: the seeding's bulk_create bumps it."""
    tenant = Partnership.objects.create(slug="fresh", name="Fresh")
    user = User.objects.create_user("fresh.director")
    with tenant_context(tenant):
        Membership.objects.create(user=user)
        RoleAssignment.objects.create(user=user, role=Role.PROGRAMME_DIRECTOR)
        assert rules.load_access(user, tenant.pk).matrix == {}
        raci.seed_matrix(tenant)
        rules.clear_access_cache(user)
        assert rules.load_access(user, tenant.pk).matrix[(START, Role.PROGRAMME_DIRECTOR)] == "R"


def test_a_load_raced_by_a_write_is_kept_under_the_newer_version():
    derived.forget()
    assert derived.remembered("k", 1, "old", lambda: ("new", "after")) == "after"
    assert derived.remembered("k", 1, "new", lambda: pytest.fail("remembered")) == "after"
    assert derived.remembered("k", 1, "old", lambda: ("old", "before")) == "before"


def api_for(user, tenant):
    with tenant_context(tenant):
        _, key = ApiToken.issue(user, tenant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def create_project(client, workstream, name):
    return client.post("/api/v1/projects/", {"name": name, "workstream": workstream.pk}, format="json").status_code


@pytest.mark.parametrize("take_away", ["delete", "queryset delete", "queryset update", "membership", "matrix cell"])
def test_a_right_taken_away_stops_working_on_the_next_request(llr, newcomer, take_away):
    with tenant_context(llr):
        workstream = Workstream.objects.order_by("pk").first()
        assignment = RoleAssignment.objects.create(user=newcomer, role=Role.PROGRAMME_DIRECTOR)
    client = api_for(newcomer, llr)
    assert create_project(client, workstream, "First") == 201
    with tenant_context(llr):
        if take_away == "delete":
            assignment.delete()
        elif take_away == "queryset delete":
            RoleAssignment.objects.filter(user=newcomer).delete()
        elif take_away == "queryset update":
            RoleAssignment.objects.filter(user=newcomer).update(role=Role.PARTNER_VIEWER)
        elif take_away == "membership":
            Membership.objects.filter(user=newcomer).delete()
        else:
            entry = RaciEntry.objects.get(process=START, role=Role.PROGRAMME_DIRECTOR)
            entry.letters = "I"
            entry.save()
    assert create_project(client, workstream, "Second") in (401, 403)


def test_every_bulk_write_to_the_matrix_bumps_its_version():
    """``update()``, ``bulk_create`` and ``bulk_update`` send no signal: a file making one on RaciEntry must bump the
    matrix's version itself, or processes keep a stale matrix (until ``derived.REMEMBER_SECONDS``); tests too, or a
    rolled-back test leaves its matrix remembered under the version the next test reads."""
    root = Path(__file__).resolve().parents[2]
    bulk = re.compile(r"RaciEntry\b.*\.(update|bulk_create|bulk_update)\(")
    unbumped = []
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "node_modules"} or "migrations" in path.parts:
            continue
        text = path.read_text()
        if bulk.search(text) and "RACI_MATRIX" not in text:
            unbumped.append(str(path.relative_to(root)))
    # A migration's SeedProcess runs before the processes that read the matrix start.
    assert unbumped == ["core/migration_operations.py"], unbumped
