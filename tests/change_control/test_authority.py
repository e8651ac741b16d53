"""Decision authority by scale (DOMAIN.md s7): the pure function at every boundary, each flag, the thresholds
as per-tenant settings, and the stored value on a request."""

from decimal import Decimal

import pytest

from change_control.authority import decision_authority, referred
from change_control.choices import Authority
from change_control.models import ChangeControlSettings

SRO, PD, DB = Authority.WORKSTREAM_SRO, Authority.PROGRAMME_DIRECTOR, Authority.DELIVERY_BOARD


@pytest.mark.parametrize(("cost", "expected"), [
    ("0.00", SRO),
    ("0.01", SRO),
    ("49999.99", SRO),
    ("50000.00", SRO),
    ("50000.01", PD),
    ("100000.00", PD),
    ("249999.99", PD),
    ("250000.00", PD),
    ("250000.01", DB),
    ("1000000.00", DB),
    ("-50000.00", SRO),
    ("-50000.01", PD),
    ("-250000.00", PD),
    ("-250000.01", DB),
])
def test_cost_boundaries(cost, expected):
    assert decision_authority(Decimal(cost)) == expected


@pytest.mark.parametrize("cost", ["0.00", "49999.99", "50000.00", "50000.01", "250000.00", "250000.01"])
@pytest.mark.parametrize(("stage_or_objective", "tier"), [(True, False), (False, True), (True, True)])
def test_any_change_to_a_stage_objective_or_tier_goes_to_the_delivery_board(cost, stage_or_objective, tier):
    assert decision_authority(Decimal(cost), stage_or_objective, tier) == DB


@pytest.mark.parametrize(("cost", "expected"), [
    ("0.00", PD), ("50000.00", PD), ("50000.01", PD), ("250000.00", PD), ("250000.01", DB),
])
def test_without_a_workstream_the_sros_share_goes_to_the_programme_director(cost, expected):
    assert decision_authority(Decimal(cost), has_workstream=False) == expected


def test_not_yet_assessed_has_no_authority_unless_a_flag_already_decides_it():
    assert decision_authority(None) is None
    assert decision_authority(None, changes_stage_or_objective=True) == DB


@pytest.mark.parametrize(("cost", "expected"), [
    ("10000.00", SRO), ("10000.01", PD), ("20000.00", PD), ("20000.01", DB),
])
def test_thresholds_are_parameters(cost, expected):
    assert decision_authority(Decimal(cost), sro_limit=Decimal("10000"), director_limit=Decimal("20000")) == expected


def test_plain_numbers_are_taken_exactly():
    assert decision_authority("50000.00") == SRO
    assert decision_authority(50000.01) == PD


@pytest.mark.parametrize(("authority", "levels", "expected"), [
    (SRO, 0, SRO), (SRO, 1, PD), (SRO, 2, DB), (SRO, 5, DB), (PD, 1, DB), (DB, 1, DB), ("", 1, ""),
])
def test_referral_goes_up_never_down(authority, levels, expected):
    assert referred(authority, levels) == expected


# On requests: stored, following the tenant's thresholds until decided --------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("cost", "expected"), [
    ("49999.99", "workstream_sro"), ("50000.00", "workstream_sro"), ("50000.01", "programme_director"),
    ("250000.00", "programme_director"), ("250000.01", "delivery_board"),
])
def test_a_request_stores_its_authority(make_request, in_llr, cost, expected):
    assert make_request("assessed", cost=cost).authority == expected


@pytest.mark.django_db
def test_a_programme_level_request_goes_to_the_programme_director(make_request, in_llr):
    assert make_request("assessed", cost="100.00", place=None).authority == "programme_director"
    assert make_request("logged").authority == ""


@pytest.mark.django_db
def test_changing_the_thresholds_moves_open_requests_but_not_decided_ones(make_request, llr, in_llr):
    open_request = make_request("proposed", cost="40000.00")
    decided = make_request("approved", cost="40000.00")
    assert open_request.authority == decided.authority == "workstream_sro"
    settings = ChangeControlSettings.for_tenant(llr)
    settings.sro_limit = Decimal("30000.00")
    settings.save()
    open_request.refresh_from_db()
    decided.refresh_from_db()
    assert open_request.authority == "programme_director"
    assert decided.authority == "workstream_sro"


@pytest.mark.django_db
def test_thresholds_must_be_ordered(llr, in_llr):
    from django.core.exceptions import ValidationError

    settings = ChangeControlSettings.for_tenant(llr)
    settings.sro_limit = Decimal("300000")
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_the_api_exposes_authority_as_derived(api, make_request, in_llr):
    request = make_request("assessed", cost="250000.01")
    body = api("viewer.uhl.llr").get(f"/api/v1/change-requests/{request.pk}/").json()
    assert body["authority"] == "delivery_board"
    assert body["cost_impact"] == "250000.01"
