"""``make bench`` holds "My work" to its own p95 target (issue 17: under 150 ms), tighter than other pages' 250 ms."""

from perf import report
from perf.bench import Measurement
from perf.endpoints import ENDPOINTS, TARGET_MS

MY_WORK = next(endpoint for endpoint in ENDPOINTS if endpoint.key == "page.my_work")


def measured(endpoint, ms):
    return Measurement(endpoint, times=[ms / 1000] * 20, queries=19)


def test_my_work_is_measured_against_150_ms():
    assert MY_WORK.url == "/my-work/" and MY_WORK.target_ms == 150 < TARGET_MS[MY_WORK.kind]
    assert report.verdict(measured(MY_WORK, 120)) == "yes"
    assert report.verdict(measured(MY_WORK, 200)) == "no (p95 ≥ 150 ms)"


def test_other_pages_keep_their_kinds_target():
    overview = next(endpoint for endpoint in ENDPOINTS if endpoint.key == "page.overview")
    assert report.verdict(measured(overview, 200)) == "yes"
