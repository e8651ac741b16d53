""""My work" (issue 17): each register's source puts what needs a person on their home page and in ``me/work/``,
decisions as long as their inbox asks for them, overdue first, in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import notifications, registry
from core.models import User
from core.tenancy import tenant_context
from programme.models import Project, Workstream

pytestmark = pytest.mark.django_db

POA = "Integrating LLR Points of Access"


def work(user, key):
    """The items of source ``key`` that need ``user`` (the active partnership's)."""
    return {source.key: items for source, items in registry.work_for(user)}.get(key, [])


def titles(user, key):
    return [item.title for item in work(user, key)]


def browser(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def urgent_care(in_llr):
    return Workstream.objects.get(name="Urgent Care")


@pytest.fixture
def poa(in_llr):
    return Project.objects.get(name=POA)


# One test per source: each fails if its app stops registering it ------------------------------------------------

@pytest.mark.parametrize(("key", "username", "expected"), [
    ("business_cases", "pmo.llr", "Brief: NHS 111 clinical assessment service"),
    ("change_control", "sro.urgentcare.llr", "CR-0002 "),
    ("risks.reviews", "pm.poa.llr", "R-0012 "),
    ("meetings.next", "delivery.llr", "Delivery Board – "),
    ("benefits", "pm.poa.llr", "B-"),
    ("plan", "pm.poa.llr", "PI-"),
])
def test_each_register_puts_the_demos_work_on_its_owners_page(in_llr, persona, key, username, expected):
    assert any(title.startswith(expected) for title in titles(persona(username), key)), titles(persona(username), key)
    assert titles(persona("viewer.uhl.llr"), key) == []  # a partner viewer decides and owns none of it


def test_a_proposed_escalation_awaits_the_receiving_sro_until_accepted(in_llr, persona, poa):
    from risks import services
    from risks.choices import Level
    from risks.models import Risk

    risk = (Risk.objects.filter(project=poa, level=Level.PROJECT, status="open").exclude(moves__status="proposed")
            .order_by("number").first())
    services.escalate(risk, persona("pm.poa.llr"), "Beyond the project's control")
    sro = persona("sro.urgentcare.llr")
    assert [item.title for item in work(sro, "risks.moves")] == [
        f"{risk.ref} {risk.title}: escalation to the Workstream register"]
    assert work(sro, "risks.moves")[0].url == reverse("risks:detail", args=[risk.pk])
    assert work(persona("pm.poa.llr"), "risks.moves") == []  # who proposed it is not asked
    services.accept(risk, sro)
    assert work(persona("sro.urgentcare.llr"), "risks.moves") == []


def test_a_signed_off_eia_awaits_the_board_chair_and_the_pmo(in_llr, persona, urgent_care):
    from lifecycle import assurance
    from lifecycle.choices import ProtectedCharacteristic

    rows = [{"characteristic": key, "impact": "neutral", "evidence": "JSNA"}
            for key in ProtectedCharacteristic.values]
    eia = assurance.create_eia(persona("lead.urgentcare.llr"), urgent_care, "Hub EIA", characteristics=rows)
    assurance.sign_off_eia(eia, persona("sro.urgentcare.llr"))
    for username in ("sro.llr", "pmo.llr"):
        assert "Equality impact assessment: Hub EIA" in titles(persona(username), "lifecycle")
    assert titles(persona("sro.urgentcare.llr"), "lifecycle") == []


def test_an_open_meeting_action_is_on_its_owners_page_until_done(in_llr, persona):
    from meetings.models import Meeting, MeetingAction
    from meetings.models.meetings import ActionStatus

    owner = persona("lead.urgentcare.llr")
    meeting = Meeting.objects.order_by("date").first()
    action = MeetingAction.objects.create(tenant=in_llr, meeting=meeting, description="Send the hub's figures",
                                          owner=owner, due_date=timezone.localdate() - datetime.timedelta(days=1))
    [item] = [item for item in work(owner, "meetings.actions") if item.title == "Send the hub's figures"]
    assert item.overdue and item.url.startswith(reverse("meetings:detail", args=[meeting.pk]))
    action.status = ActionStatus.DONE
    action.save()
    assert "Send the hub's figures" not in titles(owner, "meetings.actions")


# What "awaits your decision" means: the inbox's own definition --------------------------------------------------

def test_a_decision_leaves_my_work_once_settled_and_never_shows_a_decided_item(in_llr, persona):
    from business_cases.models import Brief
    from business_cases.services import BRIEF_AWAITING

    pmo = persona("pmo.llr")
    brief = Brief.objects.get(title="NHS 111 clinical assessment service")
    assert f"Brief: {brief.title}" in titles(pmo, "business_cases")
    # Reading everything in the inbox settles nothing: the decision still awaits them, here and in the inbox.
    assert notifications.mark_read(pmo) > 0
    assert f"Brief: {brief.title}" in titles(pmo, "business_cases")
    asked = pmo.notifications.filter(kind=BRIEF_AWAITING, target_id=brief.pk).get()
    assert asked.is_read and asked.awaits_decision
    notifications.mark_settled(brief, BRIEF_AWAITING)
    assert f"Brief: {brief.title}" not in titles(pmo, "business_cases")
    asked.refresh_from_db()
    assert asked.settled_at is not None and not asked.awaits_decision


def test_another_partnerships_person_sees_none_of_it(northshire, persona):
    with tenant_context(northshire):
        found = registry.work_for(persona("viewer.north"))
    assert all("LLR" not in item.title and "NHS 111" not in item.title for _source, items in found for item in items)


def test_overdue_items_come_first_and_their_groups_first(in_llr, persona):
    from meetings.models import Meeting, MeetingAction, MeetingStatus
    from meetings.models.meetings import ActionStatus

    # An action of the director's a week overdue (the demo's rotation of actions need not give them one).
    held = Meeting.objects.filter(status=MeetingStatus.HELD).order_by("-date").first()
    MeetingAction(meeting=held, description="An overdue action of the director's", owner=persona("director.llr"),
                  due_date=timezone.localdate() - datetime.timedelta(days=7), status=ActionStatus.OPEN).save()
    groups = registry.work_for(persona("director.llr"))
    for _source, items in groups:
        flags = [item.overdue for item in items]
        assert flags == sorted(flags, reverse=True)
    firsts = [items[0].overdue for _source, items in groups]
    assert True in firsts and False in firsts and firsts == sorted(firsts, reverse=True)
    assert groups[0][0].order > groups[1][0].order  # an overdue group moves ahead of an earlier source


# The page and the API ----------------------------------------------------------------------------------------------

def test_logging_in_lands_on_my_work_and_the_home_page_sends_there(db):
    client = Client()
    response = client.post(reverse("login"), {"username": "pm.poa.llr", "password": "demo-pass-2026"})
    assert response.status_code == 302 and response.url == reverse("my-work") == "/my-work/"
    assert client.get("/")["Location"] == "/my-work/"


def test_the_page_groups_the_work_with_counts_and_links(llr):
    html = browser("pm.poa.llr").get("/my-work/").content.decode()
    with tenant_context(llr):
        groups = registry.work_for(User.objects.get(username="pm.poa.llr"))
    total = sum(len(items) for _source, items in groups)
    assert re.search(rf'data-testid="work-total">{total} items, \d+ overdue<', html)
    for source, items in groups:
        assert re.search(rf">{re.escape(source.title)} <strong[^>]*>{len(items)}</strong></h2>", html), source.key
        for item in items:
            assert f'<a href="{item.url}">' in html
    assert 'aria-current="true"><strong class="nhsuk-header__navigation-item-current-fallback">My work' in html


def test_someone_with_nothing_to_do_is_told_so(db):
    html = browser("viewer.uhl.llr").get("/my-work/").content.decode()
    assert 'data-testid="work-total">0 items<' in html and "Nothing needs you right now" in html


def test_the_api_returns_the_same_groups(api, llr):
    response = api("pm.poa.llr").get("/api/v1/me/work/")
    assert response.status_code == 200
    data = response.json()
    with tenant_context(llr):
        groups = registry.work_for(User.objects.get(username="pm.poa.llr"))
    assert [group["key"] for group in data["groups"]] == [source.key for source, _items in groups]
    assert data["count"] == sum(group["count"] for group in data["groups"]) == sum(len(i) for _s, i in groups)
    first = data["groups"][0]["items"][0]
    assert set(first) == {"title", "url", "kind", "due", "overdue", "place"} and first["overdue"] is True
    assert data["overdue"] == sum(item["overdue"] for group in data["groups"] for item in group["items"]) > 0


def test_the_api_asks_for_a_token(db):
    assert Client().get("/api/v1/me/work/").status_code in (401, 403)


def test_the_page_costs_the_same_queries_for_one_item_and_many(in_llr, persona, poa):
    """A person with one item of each kind they can own, then with many: the same number of queries."""
    from benefits.models import Benefit, BenefitMeasurement
    from meetings.models import Meeting, MeetingAction
    from plan import services as plan
    from risks.models import Risk

    owner = persona("viewer.uhl.llr")
    today = timezone.localdate()
    meeting = Meeting.objects.order_by("date").first()
    risks = list(Risk.objects.filter(status="open", archived=False).order_by("number")[:8])
    benefits = [b for b in Benefit.objects.filter(archived=False).order_by("number")
                if BenefitMeasurement.objects.filter(benefit=b, actual__isnull=True, planned__isnull=False,
                                                     period__lt=today - datetime.timedelta(days=200)).exists()][:4]

    def add(index):
        MeetingAction.objects.create(tenant=in_llr, meeting=meeting, description=f"Action {index}", owner=owner,
                                     due_date=today + datetime.timedelta(days=index - 3))
        plan.create_item(persona("pmo.llr"), title=f"Item {index}", level="project", project=poa, owner=owner,
                         forecast_date=today + datetime.timedelta(days=index))
        Risk.objects.filter(pk=risks[index].pk).update(owner=owner, review_date=today)
        if index < len(benefits):
            Benefit.objects.filter(pk=benefits[index].pk).update(owner=owner)

    client = browser("viewer.uhl.llr")

    def count():
        client.get("/my-work/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/my-work/")
        assert response.status_code == 200
        return len(captured), response.content.decode().count("<tr class=\"nhsuk-table__row\">")

    add(0)
    one, rows_one = count()
    for index in range(1, 8):
        add(index)
    many, rows_many = count()
    assert rows_many > rows_one + 15
    assert one == many, f"{one} queries for one item of each kind, {many} for many"
