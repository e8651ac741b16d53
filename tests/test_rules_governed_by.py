"""``core.rules.register(..., governed_by=fn)``: a permission whose rule depends on the object (a change request the
Delivery Board decides is the board's). ``has_perm``, the refusal's words, ``users_with_perm`` and separation of
duties all follow the governing permission for that object, and only for it."""

from dataclasses import dataclass, field

import pytest

from core import rules

pytestmark = pytest.mark.django_db

OUTER, INNER = "programme.governed_outer_test", "programme.governed_inner_test"


@dataclass
class Paper:
    """A stand-in object: ``special`` papers are governed by INNER; ``took_part`` are its parties."""

    special: bool
    took_part: dict = field(default_factory=dict)
    pk: int | None = None  # unsaved: the object-grant backend has nothing to say about it

    def parties(self):
        return self.took_part


@pytest.fixture
def governed(monkeypatch):
    # OUTER: the PMO (R for decide_change_request), separated; INNER: every member but the PMO, not separated.
    monkeypatch.setitem(rules._RULES, OUTER, rules.Rule("decide_change_request", "R", separate=True,
                                                        governed_by=lambda paper: INNER if paper.special else None))
    monkeypatch.setitem(rules._RULES, INNER, rules.Rule(None, excluded=lambda user, paper: user.username == "pmo.llr"))


def test_the_governing_permission_answers_for_its_objects_only(governed, in_llr, persona):
    pmo, viewer = persona("pmo.llr"), persona("viewer.uhl.llr")
    plain, special = Paper(False), Paper(True)
    assert rules.governing(OUTER, plain) == OUTER and rules.governing(OUTER, special) == INNER
    assert (pmo.has_perm(OUTER, plain), viewer.has_perm(OUTER, plain)) == (True, False)
    assert (pmo.has_perm(OUTER, special), viewer.has_perm(OUTER, special)) == (False, True)
    assert "PMO" in rules.describe_refusal(OUTER, plain)
    assert rules.describe_refusal(OUTER, special) == "Only members of this partnership may do this."
    holders = {user.username for user in rules.users_with_perm(OUTER, special)}
    assert "viewer.uhl.llr" in holders and "pmo.llr" not in holders
    assert "pmo.llr" in {user.username for user in rules.users_with_perm(OUTER, plain)}


def test_separation_of_duties_follows_the_governing_rule(governed, in_llr, persona):
    viewer = persona("viewer.uhl.llr")
    assert rules.separation_refusal(viewer, OUTER, Paper(False, {viewer.pk: "raised"})) is not None
    assert rules.separation_refusal(viewer, OUTER, Paper(True, {viewer.pk: "raised"})) is None
    rules.require(viewer, OUTER, Paper(True, {viewer.pk: "raised"}))  # INNER does not separate duties
