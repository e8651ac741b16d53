"""A real Chromium against a live server (issue 21): the owner of an engagement activity logs that it was held,
records what was heard as a "you said", is refused an answer without a response, then answers it with what we did
and the plan item that did it."""

import datetime
import re

from django.utils import timezone

from core.models import Partnership, User
from core.tenancy import tenant_context
from engagement import activity_services as services
from engagement.choices import ActivityStatus
from engagement.models import EngagementActivity, EngagementObjective
from plan.models import PlanItem
from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def test_logging_an_engagement_and_its_you_said_we_did(page):
    today = timezone.localdate()
    with tenant_context(Partnership.objects.get(slug="llr")):
        owner = User.objects.get(username="pm.poa.llr")
        pmo = User.objects.get(username="pmo.llr")
        activity = services.create_activity(
            pmo, title="Points of access listening event", planned_date=today - datetime.timedelta(days=1),
            owner=owner, audience="Patients and carers", objectives=list(EngagementObjective.objects.filter(number=7)))
        item = PlanItem.objects.order_by("number").first()

    log_in(page, "pm.poa.llr", f"/engagement/activities/{activity.pk}/")
    page.wait_for_url(re.compile(rf"/engagement/activities/{activity.pk}/$"))
    page.get_by_role("button", name="Record that it was held").click()  # a link styled, and named, as a button
    page.wait_for_url(re.compile(r"/log/$"))
    page.get_by_label("Held on").fill(today.isoformat())
    page.get_by_label("Reach").fill("85")
    page.get_by_label("Responses received").fill("21")
    page.get_by_label("What we heard").fill("People could not find the single phone number.")
    page.get_by_role("button", name="Save the log").click()
    page.wait_for_url(re.compile(rf"/engagement/activities/{activity.pk}/$"))
    assert "was logged as held" in page.locator("body").inner_text()
    assert page.get_by_text("Held", exact=True).count() >= 1

    page.get_by_text("Record something we heard that needs a response").click()
    page.get_by_label("You said").fill("Publicise the single phone number")
    page.get_by_label("Due").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Record \"you said\"").click()
    page.wait_for_url(re.compile(rf"/engagement/activities/{activity.pk}/$"))
    response_link = page.locator("#responses ~ table").get_by_role("link", name=re.compile(r"^YS-\d+"))
    reference = response_link.inner_text()
    response_link.click()
    page.wait_for_url(re.compile(r"/engagement/responses/\d+/$"))

    # An answer without a response is refused, and nothing is saved.
    page.get_by_role("button", name="Save \"we did\"").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for(timeout=5000)
    assert "without a response" in summary.inner_text()

    page.get_by_label("We did").fill("The number is on every GP practice's website and on the leaflet.")
    page.get_by_label("The plan item that answered it").select_option(str(item.pk))
    page.get_by_role("button", name="Save \"we did\"").click()
    page.wait_for_url(re.compile(r"/engagement/responses/\d+/$"))
    assert page.get_by_text(re.compile(r"^Answered ")).count() == 1
    assert page.get_by_role("link", name=re.compile(re.escape(item.ref))).count() >= 1

    with tenant_context(Partnership.objects.get(slug="llr")):
        held = EngagementActivity.objects.get(pk=activity.pk)
        answered = held.responses.get(ref=reference)
    assert held.status == ActivityStatus.HELD and held.reach == 85 and held.held_on == today
    assert answered.responded_on == today and answered.plan_item_id == item.pk
    assert page.errors == []
