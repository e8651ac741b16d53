"""The benefit page's measurement inputs are rendered in Python (core.widgets.PythonInput, issue 20): the same HTML,
byte for byte, as Django's input templates, for every value and attribute an input can have, and for the whole page."""

import re
from decimal import Decimal

import pytest
from django import forms

from benefits.models import Benefit
from core import widgets
from core.tenancy import tenant_context

VALUES = [None, "", 0, Decimal("913528.00"), Decimal("-1.5"), '"><script>x</script>', "2016-04-01"]
ATTRS = [None, {}, {"class": "nhsuk-input nhsuk-input--width-10", "step": "0.01"},
         {"required": True, "disabled": False, "aria-describedby": "a b", "data-x": '"&<'}]
PAIRS = [(widgets.NumberInput, forms.NumberInput), (widgets.HiddenInput, forms.HiddenInput),
         (widgets.DateInput, forms.DateInput)]


@pytest.mark.parametrize("ours, djangos", PAIRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_an_input_is_djangos_byte_for_byte(ours, djangos, value, attrs):
    assert ours().render("m-0-planned", value, attrs) == djangos().render("m-0-planned", value, attrs)


def _normalised(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_the_benefit_page_is_the_same_with_djangos_templates(browser, llr, monkeypatch):
    with tenant_context(llr):
        benefit = Benefit.objects.live().filter(measurements__isnull=False).distinct().order_by("number").first()
    client = browser("pmo.llr")
    ours = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert ours.count('type="number"') >= 6  # the measurements table is there, with its inputs
    monkeypatch.setattr(widgets.PythonInput, "render", forms.Widget.render)
    djangos = client.get(f"/benefits/{benefit.pk}/").content.decode()
    assert _normalised(ours) == _normalised(djangos)
