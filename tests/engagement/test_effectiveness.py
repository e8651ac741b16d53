"""The plan's objectives and its effectiveness (issue 21): the nine objectives (the PMO words them and links their
communications risks), measures with targets and monthly actuals drawn as server-side SVG with their tables."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import PermissionRefused
from engagement import activity_services as services
from engagement import effectiveness
from engagement.choices import MeasureKind, MeasureUnit
from engagement.models import EffectivenessMeasure, EngagementObjective, MeasureActual
from risks.models import Risk
from tests.queries import count

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective(in_llr):
    return EngagementObjective.objects.get(number=7)


@pytest.fixture
def measure(objective, persona):
    return services.save_measure(persona("pmo.llr"), objective=objective, name="People reached", kind=MeasureKind.REACH,
                                 unit=MeasureUnit.PEOPLE, target=Decimal("500"), higher_is_better=True)


def months_ago(today, months):
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def test_each_partnership_has_the_nine_objectives_of_the_plan(in_llr):
    titles = list(EngagementObjective.objects.order_by("number").values_list("title", flat=True))
    assert len(titles) == 9 and titles[6].startswith("Ensure and demonstrate meaningful patient")


def test_a_month_is_recorded_once_and_a_second_value_replaces_the_first(measure, persona, today):
    pmo = persona("pmo.llr")
    services.record_actual(measure, pmo, today.replace(day=15), Decimal("320"))
    services.record_actual(measure, pmo, today.replace(day=2), Decimal("410"), note="Corrected")
    actual = MeasureActual.objects.get(measure=measure)
    assert actual.period == today.replace(day=1) and actual.value == Decimal("410") and actual.note == "Corrected"


def test_a_month_still_to_come_is_refused(measure, persona, today):
    with pytest.raises(ValidationError):
        services.record_actual(measure, persona("pmo.llr"), months_ago(today, -1), Decimal("1"))
    assert not MeasureActual.objects.filter(measure=measure).exists()


def test_the_chart_draws_target_and_actuals_with_the_same_numbers_in_its_table(measure, persona, today):
    pmo = persona("pmo.llr")
    services.record_actual(measure, pmo, months_ago(today, 2), Decimal("450"))
    services.record_actual(measure, pmo, months_ago(today, 1), Decimal("520"))
    figure = effectiveness.measure_figure(measure, measure.actuals.all())
    assert figure.svg.startswith("<svg") and 'role="img"' in figure.svg
    assert "target met in 1" in figure.svg and figure.svg.count("<title>Actual, ") == 2
    assert [row[1:4] for row in figure.rows] == [["500 people", "450 people", "No"],
                                                 ["500 people", "520 people", "Yes"]]


def test_lower_is_better_turns_the_target_around(measure):
    measure.higher_is_better = False
    assert effectiveness.met(measure, Decimal("400")) is True and effectiveness.met(measure, Decimal("600")) is False


def test_the_objective_page_shows_the_chart_its_table_and_its_risks(browser, objective, measure, persona, today):
    services.record_actual(measure, persona("pmo.llr"), months_ago(today, 1), Decimal("480"))
    risk = Risk.objects.visible_to(persona("pmo.llr")).order_by("number").first()
    objective.risks.add(risk)
    page = browser("pmo.llr").get(f"/engagement/objectives/{objective.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and "People reached by month" in text and "480 people" in text
    assert f"/risks/{risk.pk}/" in text and risk.ref in text


def test_the_effectiveness_page_makes_the_same_queries_however_many_measures(browser, objective, measure, persona,
                                                                            today):
    client = browser("pmo.llr")
    services.record_actual(measure, persona("pmo.llr"), months_ago(today, 1), Decimal("480"))
    client.get("/engagement/effectiveness/")  # the person's roles and the matrix are read once, then kept
    few, _ = count(client, "/engagement/effectiveness/")
    for index, other in enumerate(EngagementObjective.objects.exclude(pk=objective.pk)[:3]):
        added = services.save_measure(persona("pmo.llr"), objective=other, name=f"Sentiment {index}",
                                      kind=MeasureKind.SENTIMENT, unit=MeasureUnit.SCORE, target=Decimal("3.5"))
        services.record_actual(added, persona("pmo.llr"), months_ago(today, 1), Decimal("3.1"))
    many, page = count(client, "/engagement/effectiveness/")
    assert many == few and page.content.decode().count('aria-labelledby="measure-') == 4


def test_recording_a_month_through_the_page(browser, objective, measure, today):
    client = browser("pmo.llr")
    prefix = f"m{measure.pk}"
    bad = client.post(f"/engagement/measures/{measure.pk}/actuals/", {f"{prefix}-period": "",
                                                                      f"{prefix}-value": "lots"})
    assert bad.status_code == 400 and not measure.actuals.exists()
    good = client.post(f"/engagement/measures/{measure.pk}/actuals/", {
        f"{prefix}-period": months_ago(today, 1).isoformat(), f"{prefix}-value": "512"})
    assert good.status_code == 302 and measure.actuals.get().value == Decimal("512")


def test_only_the_pmo_words_the_objectives(browser, objective, persona):
    with pytest.raises(PermissionRefused):
        services.update_objective(objective, persona("director.llr"), title="Something else")
    assert browser("director.llr").get(f"/engagement/objectives/{objective.pk}/edit/").status_code == 403
    risk = Risk.objects.visible_to(persona("pmo.llr")).order_by("number").first()
    done = browser("pmo.llr").post(f"/engagement/objectives/{objective.pk}/edit/", {
        "title": "Demonstrate meaningful involvement", "description": "", "risks": [risk.pk]})
    assert done.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Demonstrate meaningful involvement" and list(objective.risks.all()) == [risk]


def test_the_objectives_page_lists_the_nine_and_links_the_risk_register(browser, in_llr):
    page = browser("pmo.llr").get("/engagement/objectives/")
    text = page.content.decode()
    assert page.status_code == 200 and text.count("/engagement/objectives/") >= 9
    assert "/risks/?category=people" in text


def test_the_api_records_measures_and_their_months(api, objective, today):
    client = api("pmo.llr")
    made = client.post("/api/v1/engagement-measures/", {"objective": objective.pk, "name": "Response rate",
                                                       "kind": "response_rate", "unit": "percent",
                                                       "target": "30"}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    month = months_ago(today, 1)
    done = client.post(f"/api/v1/engagement-measures/{pk}/actuals/", {"period": month.isoformat(), "value": "27.5"},
                       format="json")
    assert done.status_code == 200 and done.json()["actuals"][0]["value"] == "27.50"
    refused = client.post(f"/api/v1/engagement-measures/{pk}/actuals/", {"period": "soon", "value": "1"},
                          format="json")
    assert refused.status_code == 400
    assert api("pm.poa.llr").post("/api/v1/engagement-measures/", {
        "objective": objective.pk, "name": "x", "kind": "reach", "unit": "people", "target": "1"},
        format="json").status_code == 403
    assert EffectivenessMeasure.objects.filter(name="x").count() == 0
