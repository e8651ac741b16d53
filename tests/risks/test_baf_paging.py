"""A board's framework page is paged (issue 20): BAF_PAGE principal risks a page, highest residual first, a link to
the next page, and the risks formerly on it named FORMER_SHOWN at a time with a link to all of them."""

import pytest

from core.tenancy import tenant_context
from risks.choices import Level
from risks.models import BafEntry, BoardAssuranceFramework
from risks.views import baf as baf_view

URL = "/risks/baf/delivery_board/"


@pytest.fixture
def framework_of_many(make_risk, llr, monkeypatch):
    monkeypatch.setattr(baf_view, "BAF_PAGE", 3)
    monkeypatch.setattr(baf_view, "FORMER_SHOWN", 2)
    with tenant_context(llr):
        framework = BoardAssuranceFramework.objects.get(level=Level.DELIVERY_BOARD)
        BafEntry.objects.filter(baf=framework).update(current=False)  # only the risks made here are principal
        former_before = BafEntry.objects.filter(baf=framework).count()
    made = []
    for n in range(5):
        risk = make_risk(title=f"Paged principal {n}", level=Level.DELIVERY_BOARD, inherent_likelihood=5,
                         inherent_impact=5, residual_likelihood=5, residual_impact=1 + n % 5)
        with tenant_context(llr):
            made.append(BafEntry.objects.create(baf=framework, risk=risk, principal_risk=f"Principal {n}"))
    for n in range(4):
        risk = make_risk(title=f"Left the board {n}", level=Level.PROGRAMME)
        with tenant_context(llr):
            BafEntry.objects.create(baf=framework, risk=risk, principal_risk=f"Former {n}", current=False)
    return made, former_before + 4


def test_principal_risks_come_a_page_at_a_time(browser, framework_of_many):
    client = browser("pmo.llr")
    first = client.get(URL).content.decode()
    assert "1–3 of 5" in first and "Page 2 of 2" in first
    assert first.count("Principal 4") == 1 and "Principal 0" not in first  # highest residual first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Principal 0" in second and "Principal 4" not in second and "4–5 of 5" in second


def test_former_risks_are_capped_with_a_link_to_all(browser, framework_of_many):
    _, former = framework_of_many
    client = browser("pmo.llr")
    page = client.get(URL).content.decode()
    assert page.count("now on the") == 2
    assert f"See all {former} risks formerly on this framework" in page
    everything = client.get(URL, {"show": "former"}).content.decode()
    assert "Back to the principal risks" in everything and "Principal risks on the" not in everything
    assert everything.count("now on the") == 3 and "Page 2 of" in everything  # a page of them, then the next
