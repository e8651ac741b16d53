"""Closing a workstream or project reads what stops it and what it hands over from the apps that own them, through
``core.registry`` (closure checks and handovers), and lifecycle imports none of them. Fakes are registered here for
the test only, and the registry is restored afterwards."""

import ast
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

import lifecycle
from core import registry
from core.models import User
from core.tenancy import tenant_context
from lifecycle import services
from programme.models import Workstream

pytestmark = pytest.mark.django_db
BASE = "/api/v1/lifecycle/"
LIFECYCLE = Path(lifecycle.__file__).resolve().parent


@dataclass(frozen=True)
class Item:
    """Stands in for a benefit: what a handover's items have (``pk``, ``ref``, ``owner_id``), and a model's name."""

    pk: int
    ref: str
    owner_id: int | None
    title: str = "Fewer admissions"
    _meta = SimpleNamespace(verbose_name="benefit")

    @property
    def owner(self):
        return User.objects.get(pk=self.owner_id) if self.owner_id else None


@dataclass
class Fakes:
    """A closure check and a handover for one target workstream, recording what was handed over."""

    target_id: int
    blockers: list = field(default_factory=list)
    items: list = field(default_factory=list)
    others: list = field(default_factory=list)
    handed: list = field(default_factory=list)

    def register(self):
        registry.register_closure_check(
            "test.blockers", lambda target: list(self.blockers) if target.pk == self.target_id else [])
        registry.register_handover(
            "test.items", lambda target: [item for item in self.items if item not in {i for i, _ in self.handed}]
            if target.pk == self.target_id else [],
            lambda pk: next((item for item in self.items + self.others if item.pk == pk), None),
            lambda item, owner, user, reason: self.handed.append((item, (owner.username, user.username, reason))))


@pytest.fixture
def fakes(api, llr):
    """A fresh, empty workstream (started by the Programme Director) and fakes registered for it."""
    registry.autodiscover()
    saved = dict(registry._CLOSURE_CHECKS), dict(registry._HANDOVERS)
    registry._CLOSURE_CHECKS.clear()
    registry._HANDOVERS.clear()
    workstream = api("director.llr").post(BASE + "start-workstream/", {"name": "Short-lived", "kind": "enabling"},
                                          format="json").json()
    director = User.objects.get(username="director.llr")
    made = Fakes(target_id=workstream["id"], items=[Item(7001, "BEN-7001", director.pk)],
                 others=[Item(7002, "BEN-7002", director.pk)])
    made.register()
    yield made
    registry._CLOSURE_CHECKS.clear()
    registry._CLOSURE_CHECKS.update(saved[0])
    registry._HANDOVERS.clear()
    registry._HANDOVERS.update(saved[1])


def close(api, fakes, **body):
    return api("director.llr").post(f"{BASE}workstreams/{fakes.target_id}/close/", body, format="json")


def test_the_blockers_come_from_the_registries_in_order(llr, fakes):
    fakes.blockers = ["Risk R-1 is open: close it or transfer it to another register."]
    with tenant_context(llr):
        target = Workstream.objects.get(pk=fakes.target_id)
        assert services.closure_blockers(target) == [
            "Risk R-1 is open: close it or transfer it to another register.",
            "Benefit BEN-7001 has not been handed over: embed it or give it a new owner.",
        ]
        assert services.open_blockers(target) == fakes.blockers
        assert services.closure_blockers(target, {fakes.items[0]}) == fakes.blockers
        assert [item for _, item in services.to_hand_over(target)] == fakes.items


def test_closing_is_refused_until_everything_is_handed_over(api, llr, fakes):
    fakes.blockers = ["Risk R-1 is open: close it or transfer it to another register."]
    refused = close(api, fakes)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Short-lived cannot close yet: Risk R-1 is open: close it or transfer it to another register. "
        "Benefit BEN-7001 has not been handed over: embed it or give it a new owner.")
    fakes.blockers = []
    done = close(api, fakes, handovers=[{"benefit": 7001, "owner": "sro.llr"}])
    assert done.status_code == 200, done.content
    sro = User.objects.get(username="sro.llr")
    reason = f"Handed over to {sro.get_full_name() or sro.username} on closing Short-lived"
    assert fakes.handed == [(fakes.items[0], ("sro.llr", "director.llr", reason))]
    with tenant_context(llr):
        assert Workstream.objects.get(pk=fakes.target_id).lifecycle.status == "closed"


@pytest.mark.parametrize("row,message", [
    ({"benefit": 999999, "owner": "sro.llr"}, "Benefit 999999 does not exist."),
    ({"benefit": 7002, "owner": "sro.llr"}, "BEN-7002 is not a benefit Short-lived has to hand over."),
    ({"benefit": 7001, "owner": "director.llr"}, "Give BEN-7001 a new owner to hand it over."),
])
def test_a_bad_handover_is_a_400_and_nothing_is_handed_over(api, llr, fakes, row, message):
    refused = close(api, fakes, handovers=[row])
    assert refused.status_code == 400
    assert refused.json() == {"handovers": [message]}
    assert fakes.handed == []
    with tenant_context(llr):
        assert Workstream.objects.get(pk=fakes.target_id).lifecycle.status == "active"


def test_the_close_page_hands_over_through_the_registry(client, persona, llr, fakes):
    fakes.blockers = ["Risk R-1 is open: close it or transfer it to another register."]
    client.force_login(persona("director.llr"))
    url = f"/lifecycle/workstreams/{fakes.target_id}/close/"
    page = client.get(url).content.decode()
    assert "Hand over its benefits" in page and "New owner of BEN-7001: Fewer admissions" in page
    assert "Risk R-1 is open" in page and "BEN-7001 has not been handed over" not in page
    assert client.post(url, {}).status_code == 409
    fakes.blockers = []
    new_owner = User.objects.get(username="sro.llr")
    assert client.post(url, {"handover_7001": new_owner.pk}).status_code == 302
    assert [(item.ref, done[0]) for item, done in fakes.handed] == [("BEN-7001", "sro.llr")]


def test_with_nothing_registered_the_close_page_asks_for_no_handover(client, persona, llr, fakes):
    registry._HANDOVERS.clear()
    client.force_login(persona("director.llr"))
    page = client.get(f"/lifecycle/workstreams/{fakes.target_id}/close/").content.decode()
    assert "Hand over its benefits" not in page and "No benefit is left to hand over." not in page
    fakes.register()
    fakes.items = []
    page = client.get(f"/lifecycle/workstreams/{fakes.target_id}/close/").content.decode()
    assert "No benefit is left to hand over." in page


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "is_installed", "get_model", "import_module", "__import__"
        }:  # apps.is_installed("risks"), apps.get_model("benefits", "Benefit")
            found |= {arg.value for arg in node.args[:1] if isinstance(getattr(arg, "value", None), str)}
    return found


@pytest.mark.parametrize("path", sorted(str(path.relative_to(LIFECYCLE)) for path in LIFECYCLE.rglob("*.py")
                                        if "migrations" not in path.parts))
def test_lifecycle_imports_neither_risks_nor_benefits(path):
    leaks = sorted(module for module in imported_modules(LIFECYCLE / path) if module.split(".")[0] in {
        "risks", "benefits"})
    assert leaks == [], f"lifecycle/{path} reaches {leaks}"
