"""Real Chromium: the PMO records the Delivery Board's decision on a change request at one of the board's meetings
(PID s3.2), and the decision is in that meeting's decisions log; a plain member of the board is offered no form."""

import re

from change_control.choices import Authority, Status
from change_control.models import ChangeRequest
from core.models import Partnership
from core.tenancy import tenant_context
from tests.board import board_meeting
from tests.browser import BROWSER_TEST, log_in
from tests.security.test_accessibility import axe_page, serious_violations  # noqa: F401 (axe_page: a fixture)

pytestmark = BROWSER_TEST


def test_the_pmo_records_the_delivery_boards_decision_at_its_meeting(page):
    llr = Partnership.objects.get(slug="llr")
    with tenant_context(llr):
        request = ChangeRequest.objects.get(status=Status.PROPOSED, authority=Authority.DELIVERY_BOARD)
    meeting = board_meeting(llr, days=-1)
    decide = f'form[action="/changes/{request.pk}/decide/"]'

    log_in(page, "delivery.llr", f"/changes/{request.pk}/")
    page.wait_for_url(re.compile(rf"/changes/{request.pk}/$"))
    assert page.locator(decide).count() == 0
    assert "decides this as a board" in page.locator("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "pmo.llr", f"/changes/{request.pk}/")
    page.wait_for_url(re.compile(rf"/changes/{request.pk}/$"))
    form = page.locator(decide)
    form.get_by_label("Approve").check()
    form.get_by_label("The board's meeting at which it decided").select_option(str(meeting.pk))
    form.get_by_label("Conditions").fill("Re-baseline reported to the next Partnership Board.")
    form.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(rf"/changes/{request.pk}/$"))
    assert f"{request.ref} is now decided: approve." in page.locator("main").inner_text()

    page.get_by_role("link", name=re.compile("its meeting of")).click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/$"))
    log = page.locator("main").inner_text()
    decisions = log[log.index("Decisions"):]
    assert request.ref in decisions and "Re-baseline reported to the next Partnership Board." in decisions
    assert page.errors == []


def test_the_board_decision_form_and_its_errors_are_accessible(axe_page):  # noqa: F811
    """axe-core (WCAG 2.2 AA): the decision form with the meeting select, the chair's action and the interests, and
    the same page answering 400 with its error summary."""
    llr = Partnership.objects.get(slug="llr")
    with tenant_context(llr):
        request = ChangeRequest.objects.get(status=Status.PROPOSED, authority=Authority.DELIVERY_BOARD)
    board_meeting(llr, days=-1)
    log_in(axe_page, "pmo.llr", f"/changes/{request.pk}/")
    axe_page.wait_for_url(re.compile(rf"/changes/{request.pk}/$"))
    assert serious_violations(axe_page) == []
    form = axe_page.locator(f'form[action="/changes/{request.pk}/decide/"]')
    form.get_by_label("Approve").check()
    form.get_by_role("button", name="Record the decision").click()
    axe_page.wait_for_load_state()
    assert "There is a problem" in axe_page.locator("main").inner_text()
    assert serious_violations(axe_page) == []
