"""The SVG charts: well-formed XML, accessible, with the expected series and values; pure functions of plain data."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from benefits import charts

NS = {"svg": "http://www.w3.org/2000/svg"}
D = Decimal


def parse(svg):
    return ET.fromstring(svg)


def line():
    series = [
        charts.Series("Planned", "planned", (D(0), D(487323), D(664531), D(664531))),
        charts.Series("Actual", "actual", (None, D(470000), D(640000), None)),
        charts.Series("Forecast", "forecast", (None, None, None, D(644595))),
    ]
    return charts.line_chart("B-0001 <Phase 1> & savings", "Four years.", ["2016/17", "2017/18", "2018/19", "2019/20"],
                             series, unit="£", id_prefix="t1")


def test_line_chart_is_well_formed_and_accessible():
    root = parse(line())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find("svg:title", NS).text == "B-0001 <Phase 1> & savings"  # escaped in, unescaped out
    assert root.find("svg:desc", NS).text == "Four years."
    assert root.get("viewBox") and root.get("width") and root.get("height")


def test_line_chart_has_each_series_with_a_marker_per_value():
    root = parse(line())
    groups = {g.get("data-series"): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert set(groups) == {"Planned", "Actual", "Forecast"}
    markers = lambda g: [el for el in g if el.tag.split("}")[1] in ("circle", "rect", "polygon")]  # noqa: E731
    assert len(markers(groups["Planned"])) == 4
    assert len(markers(groups["Actual"])) == 2
    assert len(markers(groups["Forecast"])) == 1
    tooltips = [t.text for t in groups["Actual"].iter("{http://www.w3.org/2000/svg}title")]
    assert tooltips == ["Actual, 2017/18: £470,000", "Actual, 2018/19: £640,000"]
    # Series differ by more than colour: planned is dashed, actual solid.
    assert groups["Planned"].find("svg:path", NS).get("stroke-dasharray")
    assert groups["Actual"].find("svg:path", NS).get("stroke-dasharray") is None


def test_a_missing_value_breaks_the_line():
    series = [charts.Series("Actual", "actual", (D(1), D(2), None, D(4), D(5)))]
    root = parse(charts.line_chart("t", "d", list("abcde"), series))
    path = next(root.iter("{http://www.w3.org/2000/svg}path")).get("d")
    assert path.count("M") == 2


def test_no_css_and_no_script():
    svg = line()
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg


def test_empty_chart_still_draws():
    root = parse(charts.line_chart("Empty", "Nothing yet.", [], [charts.Series("Planned", "planned", ())]))
    assert root.find("svg:title", NS).text == "Empty"


def test_bar_chart_has_a_group_per_category_with_percentages():
    series = [charts.Series("Planned to date", "planned", (D(1000), D(2000), D(500))),
              charts.Series("Actual to date", "actual", (D(960), D(1500), None))]
    svg = charts.bar_chart("By objective", "Three objectives.", ["SO1 Care", "SO5 Money & more", "SO6 People"],
                           series, unit="£", id_prefix="bars", percent_of=(1, 0))
    root = parse(svg)
    categories = [g.get("data-category") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert categories == ["SO1 Care", "SO5 Money & more", "SO6 People"]
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if (r.get("class") or "").startswith("bar ")]
    assert len(bars) == 5
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "96%" in texts and "75%" in texts
    planned = [r for r in bars if "bar-planned" in r.get("class")][0]
    assert planned.get("fill") == "#ffffff"  # outlined, so it differs from actual without colour


def test_long_labels_are_shortened_but_kept_in_a_title():
    label = "SO1 Deliver high quality, citizen-centred, integrated care pathways"
    root = parse(charts.bar_chart("t", "d", [label], [charts.Series("Planned", "planned", (D(5),))]))
    text = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.find("svg:title", NS) is not None][0]
    assert text.find("svg:title", NS).text == label and "…" in ET.tostring(text, encoding="unicode")


def test_format_value():
    assert charts.format_value(D("487323.00"), "£") == "£487,323"
    assert charts.format_value(D("487323"), "£", compact=True) == "£487k"
    assert charts.format_value(D("2647049"), "£", compact=True) == "£2.6m"
    assert charts.format_value(D("12.50"), "£") == "£12.50"
    assert charts.format_value(D("60.00"), "beds") == "60 beds"
    assert charts.format_value(D("62.5"), "%") == "62.5%"
    assert charts.format_value(None, "£") == "–"
    assert charts.format_value(D("-1500"), "£") == "-£1,500"


def test_nice_scale_includes_zero_and_the_maximum():
    low, high, step = charts.nice_scale(0, 664531)
    assert low == 0 and high >= 664531 and step in (100000, 200000, 250000)
    low, high, _ = charts.nice_scale(-50, 120)
    assert low <= -50 and high >= 120
