"""The risks threatening a benefit, read from the benefit's side of the risks' declared relation: the benefits app
imports nothing of the risks app, and its page lists only the live risks the reader may see."""

import ast
from pathlib import Path

import pytest

import benefits
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_the_benefits_app_imports_no_risks():
    root = Path(benefits.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [name for name in names if name.split(".")[0] == "risks"], f"{path} imports risks"


def test_the_page_lists_live_risks_the_reader_may_see(make_benefit, client, persona, llr):
    from risks.models import Risk

    benefit = make_benefit(title="Threatened benefit")
    with tenant_context(llr):
        common = {"category": "strategic", "level": "programme", "inherent_likelihood": 3, "inherent_impact": 3,
                  "residual_likelihood": 2, "residual_impact": 2}
        shown = Risk.objects.create(title="Plain threat", **common)
        restricted = Risk.objects.create(title="Restricted threat", restricted=True, **common)
        archived = Risk.objects.create(title="Archived threat", archived=True, **common)
        for risk in (shown, restricted, archived):
            risk.benefits.add(benefit)
    client.force_login(persona("viewer.uhl.llr"))
    page = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert shown.ref in page and restricted.ref not in page and archived.ref not in page
    client.force_login(persona("pmo.llr"))  # R on the programme register: reads its restricted risks
    page = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert shown.ref in page and restricted.ref in page and archived.ref not in page
