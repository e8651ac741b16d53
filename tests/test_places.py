"""core.places: a plan item and a budget line sit at the programme, a workstream or a project; a level that does not
match what is given is refused naming the field, in the record's word; a project fixes its workstream."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from finance.models import BudgetLine
from plan.models import PlanItem
from programme.models import Project

pytestmark = pytest.mark.django_db


def refusal(record):
    with pytest.raises(ValidationError) as raised:
        record.clean()
    return raised.value.message_dict


@pytest.mark.parametrize(("model", "noun", "values"), [
    (PlanItem, "item", {"forecast_date": datetime.date(2027, 1, 4)}),
    (BudgetLine, "line", {"financial_year": "2026/27", "amount": Decimal("10")}),
])
def test_each_level_names_what_is_missing_or_extra(in_llr, model, noun, values):
    project = Project.objects.order_by("pk").first()
    assert refusal(model(level="project", **values)) == {"project": [f"Choose the project of a project-level {noun}."]}
    assert refusal(model(level="workstream", **values)) == {
        "workstream": [f"Choose the workstream of a workstream-level {noun}."]}
    assert refusal(model(level="programme", project=project, **values))["project"] == [
        f"A programme-level {noun} has no workstream or project: choose its level."]
    assert refusal(model(level="workstream", project=project, **values))["project"] == [
        f"A workstream-level {noun} has no project: choose project level instead."]
    placed = model(level="project", project=project, **values)
    placed.clean()
    assert placed.workstream_id == project.workstream_id
    assert placed.place_label == f"Project {project}"
    assert model(level="programme", **values).place_label == "The whole programme"
