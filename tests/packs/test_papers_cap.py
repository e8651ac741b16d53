"""The pack's "Papers for decision" prints at most max_rows papers in full and says how many more await, so a board
with hundreds of items waiting never makes an unbounded pack (issue 20)."""

from types import SimpleNamespace

from django.template.loader import render_to_string

from core.registry import Paper
from meetings import pack_sections


def _papers(count):
    return [Paper(source="test", obj=None, ref=f"P-{n:03}", title=f"Paper {n}", kind="Business cases",
                  ask="approve") for n in range(count)]


def _render(context):
    return render_to_string("packs/sections/papers.html", {**context, "body": SimpleNamespace(name="Delivery Board")})


def test_papers_beyond_the_cap_are_counted_not_printed():
    ctx = SimpleNamespace(papers=_papers(7), max_rows=5, meeting=None)
    context = pack_sections.papers(ctx)
    assert context["count"] == 7 and context["more"] == 2
    html = _render(context)
    assert html.count('class="paper"') == 5 and "P-004" in html and "P-005" not in html
    assert "… and 2 more items awaiting decision" in html
    assert "7 items await" in html


def test_within_the_cap_nothing_is_said_of_more():
    context = pack_sections.papers(SimpleNamespace(papers=_papers(3), max_rows=5, meeting=None))
    html = _render(context)
    assert context["more"] == 0 and html.count('class="paper"') == 3 and "more items" not in html
