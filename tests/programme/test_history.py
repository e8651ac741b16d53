"""The shared change log: who changed what, when, with names rather than ids (PID s4.8)."""

import pytest

from core.history import change_log
from core.models import User
from programme.models import Project, Workstream

pytestmark = pytest.mark.django_db


def test_a_change_is_logged_with_who_and_readable_values(in_llr):
    project = Project.objects.get(name="Integrating LLR Points of Access")
    other = Workstream.objects.exclude(pk=project.workstream_id).order_by("name").first()
    editor = User.objects.get(username="pmo.llr")
    project._history_user = editor
    old_workstream = project.workstream.name
    project.workstream = other
    project.stage = "closing"
    project.save()

    newest = change_log(project)[0]
    assert newest["who"] == "pmo.llr"
    assert newest["type"] == "changed"
    changes = {change["field"]: change for change in newest["changes"]}
    assert changes["workstream"]["old"] == old_workstream
    assert changes["workstream"]["new"] == other.name
    assert changes["stage"]["new"] == "Closing"
    assert set(changes) == {"workstream", "stage"}


def test_newest_first_and_creation_has_no_changes(in_llr):
    workstream = Workstream.objects.create(name="Estates rationalisation", kind="enabling")
    workstream.description = "One public estate"
    workstream.save()
    log = change_log(workstream)
    assert [entry["type"] for entry in log] == ["changed", "created"]
    assert log[-1]["changes"] == []
    assert log[0]["changes"][0]["new"] == "One public estate"
