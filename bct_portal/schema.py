"""OpenAPI naming: every enum in the schema is named after the TextChoices class it comes from.

drf-spectacular otherwise names enums after the field ("kind", "level") and disambiguates clashes with
hash suffixes (``Kind102Enum``), which would change under partner organisations' generated clients
whenever a field is added. The choices modules are read as source, not imported, because settings load
before the apps.
"""

import ast
from pathlib import Path

CHOICE_BASES = {"TextChoices", "IntegerChoices"}
# Choices kept beside their models rather than in an app's choices module, named here when a choice set is used
# by more than one component (else drf-spectacular hashes the name). Meetings' ActionStatus is both the
# MeetingAction's status and the body of ``meeting-actions/<id>/status/``; its name is the one it already had.
MODEL_CHOICES = {
    "MeetingActionStatusEnum": "meetings.models.meetings.ActionStatus",
}


def _choice_classes(path):
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", None)) in CHOICE_BASES for base in node.bases
        ):
            yield node.name


def enum_name_overrides(base_dir, apps):
    owners = {}
    for app in apps:
        path = Path(base_dir) / app / "choices.py"
        if path.exists():
            for name in _choice_classes(path):
                owners.setdefault(name, []).append(app)
    overrides = {}
    for name, apps_with_it in owners.items():
        for app in apps_with_it:
            prefix = "" if len(apps_with_it) == 1 else "".join(part.capitalize() for part in app.split("_"))
            overrides[f"{prefix}{name}Enum"] = f"{app}.choices.{name}"
    overrides.update(MODEL_CHOICES)
    return overrides
