"""A real browser against a live server: the Points of Access project manager enters a month's spend for a partner
on the project's finance page; a negative amount is refused naming the field, then the corrected amount is recorded
and listed."""

import datetime
import re
from decimal import Decimal

from core.models import Organisation
from core.tenancy import tenant_context
from finance.models import Actual
from programme.models import Project
from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

POA = "Integrating LLR Points of Access"


def test_entering_a_months_spend(page, llr):
    with tenant_context(llr):
        poa = Project.objects.get(name=POA)
        emas = Organisation.objects.get(code="EMAS")
    month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    log_in(page, "pm.poa.llr", f"/finance/projects/{poa.pk}/")
    page.wait_for_url(re.compile(rf"/finance/projects/{poa.pk}/$"))
    page.get_by_label("Month").select_option(month.isoformat())
    page.get_by_label("Partner organisation").select_option(str(emas.pk))
    page.get_by_label("Amount (£)").fill("-10")
    page.get_by_role("button", name="Record spend").click()
    assert page.get_by_role("alert").get_by_text("The amount cannot be negative").count() >= 1
    page.get_by_label("Amount (£)").fill("4321.09")
    page.get_by_role("button", name="Record spend").click()
    page.wait_for_url(re.compile(rf"/finance/projects/{poa.pk}/$"))
    assert page.get_by_text("£4,321.09").count() >= 1
    with tenant_context(llr):
        assert Actual.objects.get(project=poa, organisation=emas, month=month).amount == Decimal("4321.09")
