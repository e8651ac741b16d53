"""A real browser against a live server: the Points of Access project manager moves a milestone's forecast two
months; the item that waits for it is flagged with the chain, and the slip beyond tolerance is proposed to change
control as a change request linked to the item."""

import datetime
import re

from change_control.models import ChangeRequest
from core.tenancy import tenant_context
from plan.models import PlanItem
from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

MOVED = "Detailed business case approved"
WAITING = "Phase 2 – Integration"  # waits for MOVED to finish (finish to start)


def test_moving_a_forecast_flags_the_dependent_item_and_proposes_a_change_request(page, llr):
    with tenant_context(llr):
        moved = PlanItem.objects.get(title=MOVED)
        waiting = PlanItem.objects.get(title=WAITING)
        requests_before = ChangeRequest.objects.count()
    assert moved.forecast_date <= waiting.start_date, "the demo's Phase 2 should start after the case is approved"
    new_forecast = waiting.start_date + datetime.timedelta(weeks=8)

    log_in(page, "pm.poa.llr", "/plan/")
    page.get_by_role("link", name=MOVED, exact=True).click()
    page.wait_for_url(re.compile(rf"/plan/{moved.pk}/$"))
    # Nothing waits on the case yet: Phase 2 is not pushed.
    page.goto(f"/plan/{waiting.pk}/")
    assert page.get_by_text("Pushed by its dependencies").count() == 0

    page.goto(f"/plan/{moved.pk}/")
    page.get_by_role("button", name="Edit").click()  # a link styled, and named, as a button
    page.get_by_label("Forecast date").fill(new_forecast.isoformat())
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(re.compile(rf"/plan/{moved.pk}/$"))
    banner = page.locator(".nhsuk-inset-text", has_text="raised for change control")
    banner.wait_for(timeout=5000)
    request_link = banner.get_by_role("link", name=re.compile(r"^CR-?\d+"))
    reference = request_link.inner_text()

    with tenant_context(llr):
        assert ChangeRequest.objects.count() == requests_before + 1
        proposed = ChangeRequest.objects.get(ref=reference)
        assert PlanItem.objects.get(pk=moved.pk).change_request_id == proposed.pk
    assert proposed.title.startswith(f"Plan slip: {moved.ref}")
    assert proposed.project.name == "Integrating LLR Points of Access"

    # The dependent item is flagged, with the chain from the slip to it, on its page and in the register.
    page.goto(f"/plan/{waiting.pk}/")
    callout = page.locator(".nhsuk-warning-callout", has_text="Pushed by its dependencies")
    callout.wait_for(timeout=5000)
    assert moved.ref in callout.inner_text() and waiting.ref in callout.inner_text()
    page.goto("/plan/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=WAITING, exact=True))
    assert re.search(r"Pushed \d+ days?", row.inner_text())

    # The change request it proposed names the item and its slip.
    page.goto(f"/plan/{moved.pk}/")
    page.locator(".nhsuk-inset-text").get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/changes/{proposed.pk}/$"))
    assert f"Plan slip: {moved.ref}" in page.get_by_role("heading", level=1).inner_text()
    assert page.errors == []
