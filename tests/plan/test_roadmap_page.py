"""The roadmap from the database (plan.roadmap_data): the page with its drawing and table, its filters, the
``roadmap.svg`` API, a fixed number of queries, and the drawing in the board pack."""

import datetime
import re

import pytest
from django.test import Client

from core import registry
from core.tenancy import tenant_context
from meetings.models import Meeting
from plan import pack_sections, roadmap
from plan.choices import ItemKind, Level
from plan.models import PlanItem
from programme.choices import BodyKind
from programme.models import Objective
from tests.queries import count

pytestmark = pytest.mark.django_db
REF = re.compile(r"PI-?\d+")


def parts(page):
    """(refs in the drawing, refs in the table) of the roadmap page."""
    text = page.content.decode()
    chart = text.index('<div class="plan-roadmap__chart">')
    svg = text[chart:text.index("</svg>", chart)]
    table = text[text.index("<table"):text.index("</table>")]
    return set(REF.findall(svg)), set(REF.findall(table))


def test_the_page_draws_the_plan_and_tables_the_same_items(browser, in_llr):
    page = browser("viewer.uhl.llr").get("/plan/roadmap/")
    assert page.status_code == 200
    drawn, tabled = parts(page)
    assert tabled == set(PlanItem.objects.values_list("ref", flat=True))
    assert drawn == tabled
    item = PlanItem.objects.order_by("number").first()
    assert f'href="/plan/{item.pk}/"' in page.content.decode()


def test_the_register_links_to_the_roadmap(browser):
    assert 'href="/plan/roadmap/"' in browser("viewer.uhl.llr").get("/plan/").content.decode()


def test_another_partnerships_items_are_not_drawn(browser, northshire, persona, today):
    from plan import services
    with tenant_context(northshire):
        services.create_item(persona("pmo.north"), title="Northshire only", kind=ItemKind.MILESTONE,
                             level=Level.PROGRAMME, forecast_date=today + datetime.timedelta(weeks=3))
    page = browser("viewer.uhl.llr").get("/plan/roadmap/")
    assert page.status_code == 200 and "Northshire only" not in page.content.decode()


def test_the_workstream_filter_narrows_drawing_and_table(browser, in_llr, urgent_care, make_item):
    make_item("Urgent care milestone", level=Level.WORKSTREAM, workstream=urgent_care)
    page = browser("viewer.uhl.llr").get(f"/plan/roadmap/?workstream={urgent_care.pk}")
    drawn, tabled = parts(page)
    expected = set(PlanItem.objects.filter(workstream=urgent_care).values_list("ref", flat=True))
    assert tabled == expected and drawn == expected
    assert len(expected) < PlanItem.objects.count()


def test_the_objective_filter_keeps_the_items_of_its_projects(browser, in_llr, poa, make_item):
    objective = Objective.objects.order_by("code").first()
    poa.objectives.set([objective])
    mine = make_item("Served by the objective", level=Level.PROJECT, project=poa)
    page = browser("viewer.uhl.llr").get(f"/plan/roadmap/?objective={objective.pk}")
    drawn, tabled = parts(page)
    expected = set(PlanItem.objects.filter(project=poa).values_list("ref", flat=True))
    assert mine.ref in tabled and tabled == expected and drawn == expected


def test_the_date_window_narrows_drawing_and_table(browser, in_llr, make_item, today):
    near = make_item("Near", weeks=1)
    far = make_item("Far", weeks=150)
    window = f"from={today:%Y-%m-%d}&to={today + datetime.timedelta(weeks=10):%Y-%m-%d}"
    drawn, tabled = parts(browser("viewer.uhl.llr").get(f"/plan/roadmap/?{window}"))
    assert near.ref in tabled and near.ref in drawn
    assert far.ref not in tabled and far.ref not in drawn


@pytest.mark.parametrize("query", ["from=2026-13-01", "to=yesterday", "from=2027-01-01&to=2026-01-01",
                                   "workstream=999999", "objective=x"])
def test_a_bad_filter_is_a_400_on_the_page(browser, query):
    page = browser("viewer.uhl.llr").get(f"/plan/roadmap/?{query}")
    assert page.status_code == 400
    assert "nhsuk-error-summary" in page.content.decode()


def test_the_api_answers_an_svg(api, in_llr, urgent_care):
    answer = api("viewer.uhl.llr").get(f"/api/v1/roadmap.svg?workstream={urgent_care.pk}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("image/svg+xml")
    body = answer.content.decode()
    assert body.startswith("<svg") and 'role="img"' in body
    assert set(REF.findall(body)) == set(PlanItem.objects.filter(workstream=urgent_care).values_list("ref", flat=True))


@pytest.mark.parametrize("query", ["from=2026-02-30", "to=soon", "from=2027-01-01&to=2026-01-01", "width=abc",
                                   "width=99999"])
def test_the_api_answers_400_for_a_bad_filter(api, query):
    answer = api("viewer.uhl.llr").get(f"/api/v1/roadmap.svg?{query}")
    assert answer.status_code == 400
    assert answer.json()


def test_the_api_wants_a_login():
    assert Client().get("/api/v1/roadmap.svg").status_code in (401, 403)



def test_the_queries_do_not_grow_with_the_items(browser, in_llr, make_item, persona, urgent_care):
    from plan import services
    client = browser("viewer.uhl.llr")
    url = f"/plan/roadmap/?workstream={urgent_care.pk}"
    first = make_item("One", level=Level.WORKSTREAM, workstream=urgent_care)
    few = count(client, url)[0]
    for number in range(12):
        later = make_item(f"More {number}", level=Level.WORKSTREAM, workstream=urgent_care, kind=ItemKind.DELIVERABLE,
                          start_date=first.forecast_date)
        services.add_dependency(persona("pmo.llr"), successor=later, predecessor=first)
    services.take_baseline(persona("pmo.llr"), "For the count")
    many = count(client, url)[0]
    assert many <= few + 1  # the baseline's entries: one query once the plan has a baseline


def test_the_delivery_boards_pack_draws_a_roadmap_per_workstream(in_llr, llr):
    meeting = Meeting.objects.filter(body__kind=BodyKind.DELIVERY_BOARD).select_related("body").order_by("date").last()
    ctx = registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=meeting.date,
                               today=meeting.date)
    built = pack_sections.plan_section(ctx)
    lanes = [lane for lane, _ in built["roadmaps"]]
    assert len(lanes) > 1 and len(set(lanes)) == len(lanes)
    assert all(svg.startswith("<svg") and f'width="{roadmap.A3_LANDSCAPE_WIDTH}"' in svg
               for _, svg in built["roadmaps"])
    section = next(section for section in registry.sections() if section.key == "plan")
    from django.template.loader import render_to_string
    html = render_to_string(section.template, built)
    assert html.count("<svg") == len(lanes)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # each chart has its own id prefix, so no two share an id
    assert {f"pack-roadmap-{number}-late" for number in range(1, len(lanes) + 1)} <= set(ids)


def test_another_boards_pack_draws_one_roadmap_of_step_changes_and_milestones(in_llr, llr):
    meeting = (Meeting.objects.filter(body__kind=BodyKind.PARTNERSHIP_BOARD).select_related("body")
               .order_by("date").last())
    ctx = registry.PackContext(tenant=llr, meeting=meeting, body=meeting.body, since=meeting.date,
                               today=meeting.date)
    built = pack_sections.plan_section(ctx)
    [(lane, svg)] = built["roadmaps"]
    deliverables = PlanItem.objects.filter(kind=ItemKind.DELIVERABLE).values_list("ref", flat=True)
    assert svg.startswith("<svg") and not set(deliverables) & set(REF.findall(svg))


def test_the_dependencies_are_drawn_as_arrows_between_the_items_shown(api, in_llr, urgent_care, make_item, persona):
    from plan import services
    first = make_item("First", weeks=2, level=Level.WORKSTREAM, workstream=urgent_care)
    then = make_item("Then", weeks=6, level=Level.WORKSTREAM, workstream=urgent_care, kind=ItemKind.DELIVERABLE,
                     start_date=first.forecast_date + datetime.timedelta(days=1))
    elsewhere = make_item("Elsewhere", weeks=8)
    services.add_dependency(persona("pmo.llr"), successor=then, predecessor=first, lag_days=1)
    services.add_dependency(persona("pmo.llr"), successor=elsewhere, predecessor=first)
    body = api("viewer.uhl.llr").get(f"/api/v1/roadmap.svg?workstream={urgent_care.pk}").content.decode()
    assert f'data-from="{first.ref}" data-to="{then.ref}"' in body and "(FS, lag 1 day)" in body
    assert f'data-to="{elsewhere.ref}"' not in body  # not drawn: its successor is filtered out
