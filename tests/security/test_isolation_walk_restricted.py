"""Restricted items stay hidden from those their roles do not cover, wherever the data goes: search (browser
and API), the risk register's .xlsx and .csv exports, board packs, notifications and history. Each check has a
control: an unrestricted twin, or a persona who may read the item, sees it, so an absence means something.

The personas: pm.poa.llr manages the Points of Access project; viewer.uhl.llr is a partner viewer with no RACI
letter; ig.llr (Implementation Group) holds no letter for business cases."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from benefits.models import Benefit
from business_cases.choices import CaseStatus
from business_cases.models import BusinessCase
from core.models import ApiToken, Notification, User
from core.tenancy import tenant_context
from programme.models import Body, Objective, Project
from risks.choices import Level
from risks.models import Risk

pytestmark = pytest.mark.django_db

SECRET = "Zebrafinch"  # in every restricted item's title
TWIN = "Kingfisher"  # in the unrestricted twins' titles
# Also in the titles, never typed in a search (a search page repeats what was searched for).
SUFFIX = {True: "Quillwort", False: "Lapwing"}
POA = "Integrating LLR Points of Access"
SECTIONS = {"strategic": "Why.", "economic": "Value.", "commercial": "Deal.", "financial": "Money.",
            "management": "How."}


def user(username):
    return User.objects.get(username=username)


def browser(username):
    client = Client()
    client.force_login(user(username))
    return client


def api(username, tenant):
    with tenant_context(tenant):
        _, key = ApiToken.issue(user(username), tenant, name="restricted")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def items(llr):
    """A restricted risk (on the Delivery Board BAF), business case (awaiting a board) and benefit, each with an
    unrestricted twin."""
    made = {}
    with tenant_context(llr):
        project = Project.objects.get(name=POA)
        author = user("pmo.llr")
        for restricted, word in ((True, SECRET), (False, TWIN)):
            word = f"{word} {SUFFIX[restricted]}"
            risk = Risk(title=f"{word} risk", category="strategic", level=Level.DELIVERY_BOARD, inherent_likelihood=5,
                        inherent_impact=5, residual_likelihood=4, residual_impact=5, restricted=restricted,
                        created_by=author)
            risk.save()
            case = BusinessCase(title=f"{word} case", project=project, value=Decimal("100000.00"),
                                sections=SECTIONS, author=author, restricted=restricted)
            case.save()
            BusinessCase.objects.filter(pk=case.pk).update(status=CaseStatus.SUBMITTED, submitted_by=author)
            benefit = Benefit(title=f"{word} benefit", type="cashable", unit="£", period_kind="financial_year",
                              owner=author, restricted=restricted, created_by=author)
            benefit.save()
            benefit.objectives.add(Objective.objects.get(code="SO1"))
            made[restricted] = {"risk": risk, "case": case, "benefit": benefit}
    return made


def test_the_partner_viewer_may_read_none_of_them_and_the_pmo_all(items, llr):
    with tenant_context(llr):
        for obj in items[True].values():
            assert not user("viewer.uhl.llr").has_perm(f"{obj._meta.app_label}.view_{obj._meta.model_name}", obj)


@pytest.mark.parametrize("path,api_path", [
    ("/risks/?search={q}", "/api/v1/risks/?search={q}"),
    ("/cases/?search={q}", "/api/v1/business-cases/?search={q}"),
    ("/benefits/?search={q}", "/api/v1/benefits/?search={q}"),
])
def test_search_does_not_find_them(items, llr, path, api_path):
    hidden, twin = SUFFIX[True].encode(), SUFFIX[False].encode()
    for username in ("viewer.uhl.llr", "ig.llr"):
        assert hidden not in browser(username).get(path.format(q=SECRET)).content
        assert hidden not in api(username, llr).get(api_path.format(q=SECRET)).content
    # Control: the same search finds the twin, and the PMO finds the restricted item.
    assert twin in browser("viewer.uhl.llr").get(path.format(q=TWIN)).content
    assert twin in api("viewer.uhl.llr", llr).get(api_path.format(q=TWIN)).content
    assert hidden in browser("pmo.llr").get(path.format(q=SECRET)).content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_risk_exports_leave_them_out(items, fmt):
    def exported(username):
        response = browser(username).get(f"/risks/export.{fmt}?level=delivery_board")
        assert response.status_code == 200
        if fmt == "csv":
            return response.content.decode("utf-8-sig")
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)

    viewer = exported("viewer.uhl.llr")
    assert SECRET not in viewer and TWIN in viewer
    assert SECRET in exported("pmo.llr")


def test_board_packs_leave_them_out(items, llr):
    """A pack is read by a whole board: restricted items never go into one (DOMAIN.md s8)."""
    from meetings import services as meetings
    from meetings.packs import render

    with tenant_context(llr):
        meeting = meetings.next_meeting(Body.objects.get(kind="delivery_board"))
        html, _ = render.build_html(render.pack_context(meeting))
    assert SECRET not in html
    assert f"{TWIN} {SUFFIX[False]} risk" in html  # the twin is there: the section ran
    assert f"{TWIN} {SUFFIX[False]} case" in html


def test_notifications_about_them_reach_only_those_who_may_read_them(items, llr):
    """Every notification that names a restricted item goes to someone who may read that item."""
    from risks import services

    with tenant_context(llr):
        risk = Risk(title=f"{SECRET} project risk", category="strategic", level=Level.PROJECT,
                    project=Project.objects.get(name=POA), inherent_likelihood=5, inherent_impact=5,
                    residual_likelihood=4, residual_impact=4, restricted=True, created_by=user("pm.poa.llr"))
        risk.save()
        services.escalate(risk, user("pm.poa.llr"), "Beyond the project")
        sent = list(Notification.objects.filter(subject__contains=SECRET) | Notification.objects.filter(
            body__contains=SECRET))
        for item in sent:
            reader = item.recipient
            from core import rules

            rules.clear_access_cache(reader)
            assert reader.has_perm("risks.view_risk", risk), f"{reader} was told about {item.subject!r}"
    # The partner viewer's inbox and API never show it.
    assert SECRET.encode() not in browser("viewer.uhl.llr").get("/programme/inbox/").content
    assert SECRET.encode() not in api("viewer.uhl.llr", llr).get("/api/v1/notifications/").content


@pytest.mark.parametrize("kind,api_history", [
    ("risk", "/api/v1/risks/{pk}/history/"),
    ("benefit", "/api/v1/benefits/{pk}/history/"),
    ("case", "/api/v1/business-cases/{pk}/versions/"),
])
def test_their_history_is_not_found(items, llr, kind, api_history):
    secret, twin = items[True][kind], items[False][kind]
    assert api("viewer.uhl.llr", llr).get(api_history.format(pk=secret.pk)).status_code == 404
    assert api("viewer.uhl.llr", llr).get(api_history.format(pk=twin.pk)).status_code == 200
    assert api("pmo.llr", llr).get(api_history.format(pk=secret.pk)).status_code == 200


@pytest.mark.parametrize("kind,page", [("risk", "/risks/{pk}/"), ("benefit", "/benefits/{pk}/"),
                                       ("case", "/cases/{pk}/")])
def test_their_pages_are_not_found(items, kind, page):
    assert browser("viewer.uhl.llr").get(page.format(pk=items[True][kind].pk)).status_code == 404
    assert browser("viewer.uhl.llr").get(page.format(pk=items[False][kind].pk)).status_code == 200
