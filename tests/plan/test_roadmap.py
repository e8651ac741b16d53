"""The programme roadmap (plan.roadmap): well-formed, accessible SVG of plain data; a pure function, no database."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from plan.roadmap import A3_LANDSCAPE_WIDTH, Arrow, Bar, data_table, financial_quarter, render_roadmap

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 12, 4)
D = date


def bars():
    return [
        Bar("P-1", "Urgent care hub", "Urgent care", "project", D(2026, 4, 1), D(2027, 3, 31), D(2027, 3, 31),
            None, "on_track", "/plan/p-1/"),
        Bar("M-1", "Hub opens", "Urgent care", "milestone", None, D(2026, 10, 1), D(2026, 10, 1), None, "complete"),
        Bar("D-1", "Triage protocol", "Urgent care", "deliverable", D(2026, 5, 1), D(2026, 9, 30), D(2026, 8, 31),
            D(2026, 5, 1), "late"),
        Bar("S-1", "111 first", "Planned care", "step_change", None, D(2027, 1, 10), None, None, "at_risk"),
    ]


def parse(svg):
    return ET.fromstring(svg)


def find(root, tag, cls=None):
    return [e for e in root.iter(SVG + tag) if cls is None or cls in (e.get("class") or "").split()]


def item(root, ref):
    """The item's group (or link): the element whose <title> starts with its ref."""
    for element in root.iter():
        if element.tag in (SVG + "g", SVG + "a") and "item" in (element.get("class") or "").split():
            tip = element.find(SVG + "title")
            if tip is not None and tip.text.startswith(ref + " "):
                return element
    raise AssertionError(f"no item {ref}")


def x_of(day, start, end, width=1200):
    """The chart's own scale: the label column is 310 px, the right margin 28 px, dates at the start of their day."""
    left, plot = 310, width - 310 - 28
    return left + (day - start).days * plot / ((end - start).days + 1)


def test_well_formed_and_accessible():
    root = parse(render_roadmap(bars(), [], TODAY, title="LLR <plan> & roadmap", id_prefix="r1"))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "r1-title r1-desc"
    assert root.find(SVG + "title").text == "LLR <plan> & roadmap"
    desc = root.find(SVG + "desc").text
    assert desc.startswith("4 plan items in 2 workstreams from 1 Apr 2026 to 31 Mar 2027")
    assert "1 milestone, " in desc and "1 late" in desc and "1 at risk" in desc
    assert root.get("viewBox") == f"0 0 1200 {root.get('height')}" and root.get("width") == "1200"
    assert int(parse(render_roadmap(bars(), [], TODAY, width=A3_LANDSCAPE_WIDTH)).get("width")) == A3_LANDSCAPE_WIDTH
    svg = render_roadmap(bars(), [], TODAY)
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    # Lane labels, the legend, and the UK financial-year quarters on the axis.
    texts = [t.text for t in find(root, "text")]
    assert "Urgent care" in texts and "Planned care" in texts and "Step change" in texts
    assert "Q1 2026/27" in texts and "Q4 2026/27" in texts and "Apr" in texts


def test_financial_quarters():
    assert financial_quarter(D(2026, 4, 1)) == "Q1 2026/27"
    assert financial_quarter(D(2026, 12, 31)) == "Q3 2026/27"
    assert financial_quarter(D(2027, 3, 31)) == "Q4 2026/27"


def test_a_milestone_is_a_diamond_at_its_date():
    start, end = D(2026, 4, 1), D(2027, 3, 31)
    root = parse(render_roadmap(bars(), [], TODAY, start=start, end=end))
    (diamond,) = find(item(root, "M-1"), "polygon", "mark")
    points = [tuple(map(float, p.split(","))) for p in diamond.get("points").split()]
    assert len(points) == 4  # a diamond: top, right, bottom, left
    xs = sorted({x for x, _ in points})
    assert len(xs) == 3 and xs[1] == pytest.approx(x_of(D(2026, 10, 1), start, end), abs=0.06)
    # The step change is another shape (a ten-pointed star outline), not a diamond.
    (star,) = find(item(root, "S-1"), "polygon", "mark")
    assert len(star.get("points").split()) == 10


def test_the_baseline_is_ghosted_only_where_it_moved():
    root = parse(render_roadmap(bars(), [], TODAY))
    ghost = find(item(root, "D-1"), "rect", "baseline")  # baselined to 31 August, forecast 30 September
    assert len(ghost) == 1 and ghost[0].get("stroke-dasharray")
    start, end = D(2026, 4, 1), D(2027, 3, 31)
    assert float(ghost[0].get("x")) == pytest.approx(x_of(D(2026, 5, 1), start, end), abs=0.06)
    assert float(ghost[0].get("width")) == pytest.approx(x_of(D(2026, 8, 31), start, end)
                                                         - x_of(D(2026, 5, 1), start, end), abs=0.1)
    assert find(item(root, "P-1"), "rect", "baseline") == []  # on its baseline
    assert find(item(root, "M-1"), "polygon", "baseline") == []
    assert find(item(root, "S-1"), "polygon", "baseline") == []  # no baseline at all
    moved = [Bar("M-2", "Moved", "Urgent care", "milestone", None, D(2026, 11, 1), D(2026, 10, 1), None, "late")]
    root = parse(render_roadmap(moved, [], TODAY, start=start, end=end))
    (ghost,) = find(item(root, "M-2"), "polygon", "baseline")
    assert min(float(p.split(",")[0]) for p in ghost.get("points").split()) == pytest.approx(
        x_of(D(2026, 10, 1), start, end) - 7, abs=0.06)


def test_todays_line_is_at_today():
    start, end = D(2026, 4, 1), D(2027, 3, 31)
    root = parse(render_roadmap(bars(), [], TODAY))
    (group,) = find(root, "g", "today")
    line = group.find(SVG + "line")
    assert float(line.get("x1")) == float(line.get("x2")) == pytest.approx(x_of(TODAY, start, end), abs=0.06)
    assert [t.text for t in group.iter(SVG + "text")] == ["Today"]
    assert find(parse(render_roadmap(bars(), [], D(2030, 1, 1))), "g", "today") == []  # outside the chart


def test_an_arrow_per_dependency_from_predecessor_to_successor():
    dependencies = [Arrow("D-1", "M-1"), Arrow("P-1", "S-1", "SS", 5), Arrow("M-1", "P-1", "FF"),
                    Arrow("D-1", "NOT-THERE")]
    root = parse(render_roadmap(bars(), dependencies, TODAY, id_prefix="r2"))
    paths = find(root, "path", "dependency")
    assert [(p.get("data-from"), p.get("data-to")) for p in paths] == [("D-1", "M-1"), ("P-1", "S-1"), ("M-1", "P-1")]
    assert all(p.get("marker-end") in ("url(#r2-arrow)", "url(#r2-arrow-broken)") for p in paths)
    assert {m.get("id") for m in root.iter(SVG + "marker")} == {"r2-arrow", "r2-arrow-broken"}
    # D-1 finishes 30 September; M-1 is 1 October: the path leaves D-1's finish and ends at the diamond's left tip.
    start, end = D(2026, 4, 1), D(2027, 3, 31)
    route = paths[0].get("d").replace("M", "").replace("H", " ").replace("V", " ").replace(",", " ").split()
    assert float(route[0]) == pytest.approx(x_of(D(2026, 9, 30), start, end), abs=0.06)
    assert float(route[-1]) == pytest.approx(x_of(D(2026, 10, 1), start, end) - 8, abs=0.06)
    assert "D-1 finish to M-1 start (FS)" in paths[0].find(SVG + "title").text
    assert "broken" not in paths[0].get("class")
    # M-1 (1 October) to P-1 finish-to-finish is met; a lag the dates break is drawn and said to be broken.
    late = parse(render_roadmap(bars(), [Arrow("D-1", "M-1", "FS", 10)], TODAY))
    (path,) = find(late, "path", "dependency")
    assert "broken" in path.get("class") and "not met, M-1 starts 9 days too early" in path.find(SVG + "title").text


def test_no_arrow_to_an_item_outside_the_dates():
    dependencies = [Arrow("D-1", "M-1"), Arrow("M-1", "S-1")]
    root = parse(render_roadmap(bars(), dependencies, TODAY, start=D(2026, 4, 1), end=D(2026, 12, 31)))
    assert [p.get("data-to") for p in find(root, "path", "dependency")] == ["M-1"]  # S-1 is in January 2027


def test_text_is_escaped():
    hostile = [Bar("X-1", "<script>alert(1)</script> & co", "Lane <b>", "deliverable", D(2026, 5, 1), D(2026, 6, 1),
                   status="late", url='/plan/x/?a=1&b="2"')]
    svg = render_roadmap(hostile, [], TODAY, title="A & B")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    link = item(root, "X-1")
    assert link.tag == SVG + "a" and link.get("href") == '/plan/x/?a=1&b="2"'
    assert link.find(SVG + "title").text.startswith("X-1 <script>alert(1)</script> & co; Deliverable, Lane <b>")
    assert "Lane <b>" in [t.text for t in find(root, "text")]
    # Only web links are links.
    unsafe = [Bar("X-2", "t", "l", "milestone", None, D(2026, 5, 1), url="javascript:alert(1)")]
    assert "javascript" not in render_roadmap(unsafe, [], TODAY)


def test_status_is_not_colour_alone():
    root = parse(render_roadmap(bars(), [], TODAY, id_prefix="r3"))
    late = item(root, "D-1")
    (bar,) = find(late, "rect", "mark")
    assert bar.get("fill") == "url(#r3-late)"  # a hatch pattern, not a plain colour
    assert {p.get("id") for p in root.iter(SVG + "pattern")} == {"r3-late", "r3-at_risk"}
    assert "late, +30 days" in [t.text for t in late.iter(SVG + "text")]  # a word beside it
    assert "status: late" in late.find(SVG + "title").text
    assert "at risk" in [t.text for t in item(root, "S-1").iter(SVG + "text")]
    assert "complete" in [t.text for t in item(root, "M-1").iter(SVG + "text")]
    (on_track,) = find(item(root, "P-1"), "rect", "mark")
    assert on_track.get("fill").startswith("#") and not on_track.get("stroke-dasharray")
    assert "1 late" in root.find(SVG + "desc").text


def test_data_table_rows_and_variance():
    rows = data_table(bars(), TODAY)
    assert [r["ref"] for r in rows] == ["P-1", "D-1", "M-1", "S-1"]  # lanes as they come, by date within
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref["D-1"]["variance_days"] == 30 and by_ref["D-1"]["status_label"] == "late"
    assert by_ref["P-1"]["variance_days"] == 0 and by_ref["S-1"]["variance_days"] is None
    assert by_ref["D-1"]["overdue_days"] == (TODAY - D(2026, 9, 30)).days
    assert by_ref["M-1"]["overdue_days"] == 0  # complete
    assert set(by_ref["P-1"]) >= {"ref", "title", "lane", "kind", "baseline", "forecast", "variance_days", "status"}
    assert [r["ref"] for r in data_table(bars(), TODAY, end=D(2026, 12, 31))] == ["P-1", "D-1", "M-1"]


def test_items_outside_the_dates_are_left_out_and_across_an_edge_clipped():
    start, end = D(2026, 7, 1), D(2026, 12, 31)
    root = parse(render_roadmap(bars(), [], TODAY, start=start, end=end))
    refs = [t.text.split()[0] for e in root.iter() if "item" in (e.get("class") or "").split()
            for t in [e.find(SVG + "title")]]
    assert refs == ["P-1", "D-1", "M-1"]  # S-1 (January 2027) is left out
    (bar,) = find(item(root, "P-1"), "rect", "mark")  # April 2026 to March 2027, clipped both sides
    assert float(bar.get("x")) == pytest.approx(310, abs=0.06)
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(1200 - 28, abs=0.1)
    assert "continues before 1 Jul 2026" in item(root, "P-1").find(SVG + "title").text
    (bar,) = find(item(root, "D-1"), "rect", "mark")  # May to September: clipped on the left only
    assert float(bar.get("x")) == pytest.approx(310, abs=0.06)
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(x_of(D(2026, 9, 30), start, end), abs=0.1)
    assert root.find(SVG + "desc").text.startswith("3 plan items in 1 workstream from 1 Jul 2026 to 31 Dec 2026")


def test_nothing_to_show():
    root = parse(render_roadmap([], [], TODAY, start=D(2026, 4, 1), end=D(2026, 6, 30)))
    assert "No plan items in this period." in [t.text for t in find(root, "text")]
    assert root.find(SVG + "desc").text.startswith("0 plan items in 0 workstreams")


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        Bar("X", "t", "l", "phase", None, D(2026, 1, 1))
    with pytest.raises(ValueError):
        Bar("X", "t", "l", "milestone", None, D(2026, 1, 1), status="red")
    with pytest.raises(ValueError):
        Arrow("A", "B", "SF")
    with pytest.raises(ValueError):
        render_roadmap(bars(), [], TODAY, start=D(2027, 1, 1), end=D(2026, 1, 1))


def test_the_benchmarks_roadmap_renders_and_is_reported(monkeypatch):
    """``make bench``'s case (perf.roadmap) at a tenth of its size: the synthetic plan renders to well-formed SVG
    with every item and dependency, and the report has its row. No timing is asserted here."""
    from perf import report
    from perf import roadmap as perf_roadmap

    plan, dependencies = perf_roadmap.synthetic(projects=40, items=300)
    assert len(plan) == 340 and len(dependencies) == 300
    root = parse(render_roadmap(plan, dependencies, TODAY))
    assert len([e for e in root.iter() if "item" in (e.get("class") or "").split()]) == 340
    assert len(find(root, "path", "dependency")) == 300
    parse(perf_roadmap.floor(plan, dependencies, 1512, 8000))
    monkeypatch.setattr(perf_roadmap, "PROJECTS", 40)
    monkeypatch.setattr(perf_roadmap, "ITEMS", 300)
    monkeypatch.setattr(perf_roadmap, "synthetic", lambda: (plan, dependencies))
    result = perf_roadmap.measure(runs=2)
    assert len(result.times) == len(result.floor_times) == 2 and result.rows == 340
    row = report.roadmap_row(result)
    assert row.startswith("| Roadmap SVG, 40 projects and 300 plan items | ") and "× its floor" in row
