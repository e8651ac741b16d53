"""``make bench`` holds issue 20's own ratios: some lists and pages to a tighter ratio to their floor than their kind's,
and the risk list's last page (by cursor) to 1.5x its first."""

from perf import report
from perf.bench import Measurement
from perf.endpoints import ENDPOINTS, EXPORT_ENDPOINT, LAST_PAGE_RATIO

BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def measured(key, ms, floor_ms):
    return Measurement(BY_KEY[key], times=[ms / 1000] * 10, floor_times=[floor_ms / 1000] * 10, queries=9, load=0.5)


def test_the_risk_list_is_held_to_three_times_its_floor():
    assert report.verdict(measured("api.risks", 29, 10)) == "yes"
    assert report.verdict(measured("api.risks", 35, 10)) == "no (> 3× floor)"
    assert report.verdict(measured("api.issues", 35, 10)) == "yes"  # other lists: their kind's 4×


def test_pages_with_a_ratio_of_their_own_are_held_to_it():
    for key in ("page.register", "page.heatmap", "page.benefit_dashboard", "page.benefit"):
        assert report.verdict(measured(key, 49, 10)) == "yes", key
        assert report.verdict(measured(key, 51, 10)) == "no (> 5× floor)", key
    assert report.verdict(measured("page.overview", 90, 10)) == "yes"  # no ratio target of its own


def test_the_summary_compares_the_last_page_with_the_first():
    export = Measurement(EXPORT_ENDPOINT, times=[1.0])
    first, last = measured("api.risks", 20, 10), measured("api.risks_last", 29, 10)
    assert "1.45× (29.0 ms against 20.0 ms p50; target within 1.5×: yes)" in report.summary([first, last], export)
    first.cpu_times, last.cpu_times = [0.010], [0.012]
    assert "CPU p50 12.0 against 10.0 ms, 1.20×" in report.summary([first, last], export)
    slow = measured("api.risks_last", 31, 10)
    assert f"no (over {LAST_PAGE_RATIO:g}×)" in report.summary([first, slow], export)


def test_every_row_carries_its_load_average():
    assert "| 0.50 |" in report.row(measured("api.risks", 29, 10))
    assert "load  0.50" in report.line(measured("api.risks", 29, 10))
