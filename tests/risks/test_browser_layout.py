"""Issue 14, in a real Chromium: a register uses the screen's full width. Printing every register is
tests/test_browser_print.py; asking no other host for anything, tests/test_browser_offline.py."""

import re

from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST

def test_a_register_uses_the_full_width_of_the_screen_and_references_do_not_wrap(page):
    page.set_viewport_size({"width": 1600, "height": 900})
    log_in(page, "pmo.llr", start="/risks/")
    page.wait_for_url(re.compile(r"/risks/$"))
    main = page.evaluate("document.querySelector('#maincontent').getBoundingClientRect().width")
    assert main > 1400  # the NHS.UK width container stops at 960px
    assert page.evaluate(
        "getComputedStyle(document.querySelector('table.risks-register tbody td')).whiteSpace") == "nowrap"
