"""The double-counting check is cached against the partnership's version of its inputs (core.derived, issue 20):
one query while nothing changed; any write to an input (a save, a delete, a case linked, a measurement recorded)
gives a new version in its own transaction, so the next page sees the change; a write that rolls back does not."""

import pytest
from django.db import transaction

from benefits import services
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from benefits.models.benefit import DOUBLE_COUNTING
from business_cases.models import BusinessCase, CostShare, MoneyLine
from core import derived
from core.models import Organisation
from core.tenancy import tenant_context


def _token():
    return derived.version(DOUBLE_COUNTING)


def test_a_second_check_is_one_query_and_the_same_answer(in_llr, django_assert_num_queries):
    first = services.double_counting()
    assert _token() is not None  # the demo's writes made a version
    with django_assert_num_queries(1):
        second = services.double_counting()
    assert second.flagged_ids() == first.flagged_ids() and second.flagged_ids()


@pytest.mark.parametrize("model", [Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings, BusinessCase,
                                   CostShare, MoneyLine, Organisation])
def test_saving_or_deleting_any_input_gives_a_new_version(in_llr, model):
    item = model.objects.order_by("pk").first()
    before = _token()
    item.save()
    after_save = _token()
    assert after_save != before
    if model in (BenefitAttribution, MoneyLine, CostShare):
        item.delete()
        assert _token() != after_save


def test_linking_a_case_gives_a_new_version(in_llr):
    benefit = Benefit.objects.filter(business_cases__isnull=True).first() or Benefit.objects.first()
    case = BusinessCase.objects.first()
    before = _token()
    benefit.business_cases.add(case)
    assert _token() != before


def test_a_write_that_rolls_back_keeps_the_version(in_llr):
    before = _token()
    with pytest.raises(RuntimeError), transaction.atomic():
        Benefit.objects.first().save()
        raise RuntimeError("refused")
    assert _token() == before


def test_the_check_sees_a_change_at_once(in_llr):
    flagged = services.double_counting().flagged_ids()
    assert flagged
    benefit = Benefit.objects.get(pk=min(flagged))
    benefit.archived = True
    benefit.save()
    assert benefit.pk not in services.double_counting().flagged_ids()


def test_another_partnership_has_its_own_version(in_llr, northshire):
    services.double_counting()
    mine = _token()
    with tenant_context(northshire):
        theirs = derived.version(DOUBLE_COUNTING)
        Organisation.objects.first().save()
        assert derived.version(DOUBLE_COUNTING) != theirs
    assert _token() == mine
