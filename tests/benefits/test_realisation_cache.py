"""The benefits dashboard's realisation roll-ups are cached against the partnership's version of their inputs
(benefits.rollups over core.derived, issue 20): computed once while nothing changes, the same bytes cached as
uncached, any write to an input (a measurement, a benefit, an attribution, an objective link, the thresholds, an
objective's or organisation's name, a change of scope) seen at once, and each reader's visibility kept apart."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits import rollups, services
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from benefits.models.benefit import REALISATION
from core import derived
from core.models import Organisation
from programme.models import Objective

URL = "/benefits/dashboard/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # a value cached by another test under a version this test's rollback brought back
    yield
    cache.clear()


@pytest.fixture
def computed(monkeypatch):
    """How many times the roll-ups were computed."""
    calls = []
    real = rollups.compute

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rollups, "compute", counting)
    return calls


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _uncached(monkeypatch):
    monkeypatch.setattr(rollups.derived, "cached", lambda key, compute, **kwargs: compute())


def test_the_roll_ups_are_computed_once_while_nothing_changes(browser, in_llr, computed):
    assert derived.version(REALISATION) is not None  # the demo's writes made a version
    client = browser("pmo.llr")
    first = _page(client)
    second = _page(client)
    assert len(computed) == 1 and first == second


def test_the_cached_page_is_byte_identical_to_the_uncached_one(browser, in_llr, monkeypatch, make_benefit, poa):
    make_benefit(title="Target off its profile", target=Decimal("1000"), projects=[poa],
                 points=[(date(2025, 4, 1), Decimal("600"), Decimal("500"), None),
                         (date(2026, 4, 1), Decimal("401"), None, None)],
                 shares={Organisation.objects.order_by("pk").first(): 100})
    client = browser("pmo.llr")
    _page(client)
    cached = _page(client)  # from the cache
    assert "Target off its profile" in cached and "Realisation by partner organisation" in cached
    _uncached(monkeypatch)
    assert _page(client) == cached


def _objective_actual(user):
    settings = services.settings_for(Benefit.objects.first().tenant)
    tally = {t.key.code: t for t in rollups.realisation(user, settings).objectives}["SO1"]
    return tally.actual_to_date


def test_recording_a_measurement_changes_the_cached_figure_at_once(in_llr, persona, make_benefit, computed):
    pmo = persona("pmo.llr")
    benefit = make_benefit(title="Measured", objectives=("SO1",),
                           points=[(date(2025, 4, 1), Decimal("100"), Decimal("40"), None)])
    before = _objective_actual(pmo)
    assert _objective_actual(pmo) == before and len(computed) == 1  # cached
    services.record_measurements(benefit, pmo, [{"period": date(2025, 4, 1), "planned": Decimal("100"),
                                                 "actual": Decimal("90")}], replace=True)
    assert _objective_actual(pmo) == before + Decimal("50")
    assert len(computed) == 2


def _any(model):
    return model.objects.order_by("pk").first()


@pytest.mark.parametrize("model", [Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings, Objective,
                                   Organisation])
def test_saving_any_input_gives_a_new_version(in_llr, model):
    before = derived.version(REALISATION)
    _any(model).save()
    assert derived.version(REALISATION) != before


def test_linking_an_objective_or_moving_a_benefit_gives_a_new_version(in_llr, make_benefit, poa):
    benefit = make_benefit(objectives=("SO1",))
    before = derived.version(REALISATION)
    benefit.objectives.add(Objective.objects.exclude(code="SO1").first())
    after_link = derived.version(REALISATION)
    assert after_link != before
    benefit.projects.add(poa)  # its scope (and so who may see it) follows its projects, written by update()
    after_move = derived.version(REALISATION)
    assert after_move != after_link
    benefit.sync_scope()
    assert derived.version(REALISATION) != after_move


def test_each_reader_sees_only_the_benefits_they_may(in_llr, persona, make_benefit, poa):
    """A restricted benefit is in the PMO's roll-ups, not in a partner viewer's, whichever was cached first."""
    hidden = make_benefit(title="Commercially sensitive", restricted=True, projects=[poa],
                          owner=persona("ig.llr"))
    settings = services.settings_for(hidden.tenant)
    pmo = rollups.realisation(persona("pmo.llr"), settings)
    viewer = rollups.realisation(persona("viewer.uhl.llr"), settings)
    assert hidden.pk in pmo.named and hidden.pk not in viewer.named
    assert rollups.realisation(persona("pmo.llr"), settings).named.keys() == pmo.named.keys()


def test_the_dashboard_reads_no_benefit_links_once_cached(browser, in_llr):
    client = browser("pmo.llr")
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    assert any("benefits_benefit_objectives" in q["sql"] for q in first.captured_queries)
    assert not any("benefits_benefit_objectives" in q["sql"] for q in second.captured_queries)
    assert len(second) < len(first)
