"""The renderer and the schedule gather every app's part through the registry and import none of them
(STYLE.md: "board packs gather from all of them through a small registry ... so the renderer never imports
the apps")."""

import ast
from pathlib import Path

import pytest

import core
import meetings
from core import registry

APPS = {"risks", "benefits", "business_cases", "change_control", "lifecycle"}
MEETINGS = Path(meetings.__file__).resolve().parent
PACKAGE = MEETINGS / "packs"
MACHINERY = {
    "packs/render.py": PACKAGE / "render.py", "packs/schedule.py": PACKAGE / "schedule.py",
    "packs/services.py": PACKAGE / "services.py", "packs/tasks.py": PACKAGE / "tasks.py",
    "pack_sections.py": MEETINGS / "pack_sections.py",
    "core/registry.py": Path(core.__file__).resolve().parent / "registry.py",
}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {
            "import_module", "__import__"
        }:
            found |= {arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return found


@pytest.mark.parametrize("name", sorted(MACHINERY))
def test_the_pack_machinery_imports_no_app(name):
    modules = imported_modules(MACHINERY[name])
    leaks = sorted(module for module in modules if module.split(".")[0] in APPS)
    assert leaks == [], f"{name} imports {leaks}"


def test_the_renderer_does_not_even_mention_an_app_module():
    source = (PACKAGE / "render.py").read_text()
    for app in APPS:
        assert f"import {app}" not in source and f"from {app}" not in source


def test_each_app_registers_its_own_parts():
    sections = {section.key for section in registry.sections()}
    assert {"cover", "dashboard", "papers", "previous", "risks", "issues", "resource", "benefits"} <= sections
    sources = {source.key for source in registry.paper_sources()}
    assert {"risks.escalation", "business_cases.brief", "business_cases.case", "change_control.request"} <= sources
    assert "risks" in {column.key for column in registry.dashboard_columns()}
    assert "risks.escalation_proposals" in {job.key for job in registry.review_jobs()}
    reminders = {source.key for source in registry.reminder_sources()}
    assert {"risks.overdue_reviews", "risks.overdue_actions", "meetings.overdue_actions",
            "benefits.measurements_due"} <= reminders


def test_sections_are_ordered_cover_first():
    keys = [section.key for section in registry.sections()]
    assert keys[0] == "cover"
    assert keys.index("dashboard") < keys.index("risks") < keys.index("papers") < keys.index("previous")


def test_worst_rag():
    assert registry.worst(["green", "amber", "yellow"]) == "amber"
    assert registry.worst(["green", None, "red"]) == "red"
    assert registry.worst([None, "not_measured"]) is None
