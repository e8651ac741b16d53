"""The browser's registers page by cursor (core.paging over core.keyset, issue 20): following "Next" gives every row
once, in the register's order, with the filters and sorting kept in the links, whatever is added or removed between
two pages; "Previous" goes back; old ``?page=N`` links still open the N-th page; each page costs the same queries,
and a page deep into the register is read without OFFSET."""

import html
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import keyset
from core.tenancy import tenant_context
from risks.choices import Category, Level
from risks.models import Risk

# url, the view module and its page size (a function or a constant), a row's link, a sorting keyset can follow
REGISTERS = {
    "risks": ("/risks/", "risks.views.register", "page_size", r'href="/risks/(\d+)/"', "ref"),
    "issues": ("/risks/issues/", "risks.views.issues", "page_size", r'href="/risks/issues/(\d+)/"', "ref"),
    "benefits": ("/benefits/", "benefits.views", "page_size", r'href="/benefits/(\d+)/"', "ref"),
    "changes": ("/changes/", "change_control.views", "_page_size", r'href="/changes/(\d+)/"', "ref"),
    "plan": ("/plan/", "plan.views", "_page_size", r'href="/plan/(\d+)/"', "ref"),
    "reports": ("/reports/", "reporting.views", "PAGE_SIZE", r'href="/reports/(\d+)/"', "ref"),
}
NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREVIOUS = re.compile(r'rel="prev" href="([^"]+)"')


def _set_size(monkeypatch, name, size):
    _, module, attribute, _, _ = REGISTERS[name]
    module = importlib.import_module(module)
    value = size if isinstance(getattr(module, attribute), int) else (lambda request: size)
    monkeypatch.setattr(module, attribute, value)


def _rows(name, content):
    body = content.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return list(dict.fromkeys(int(pk) for pk in re.findall(REGISTERS[name][3], body)))


def _link(pattern, content):
    found = pattern.search(content)
    return html.unescape(found.group(1)) if found else None


def _get(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:400]
    return response.content.decode(), queries


def _walk(client, name, params):
    """Follow Next from the first page: the pages' rows, the Next links and each page's queries."""
    url = REGISTERS[name][0]
    content, queries = _get(client, url, params)
    pages, links, counts = [_rows(name, content)], [], [len(queries)]
    while (following := _link(NEXT, content)) is not None and len(pages) < 50:
        links.append(following)
        content, queries = _get(client, url + following)
        pages.append(_rows(name, content))
        counts.append(len(queries))
    return pages, links, counts


@pytest.mark.parametrize("name", list(REGISTERS))
def test_next_gives_every_row_once_in_order_with_the_sorting_kept(browser, in_llr, monkeypatch, name):
    client = browser("pmo.llr")
    sort = REGISTERS[name][4]
    _set_size(monkeypatch, name, 10_000)
    everything, _ = _get(client, REGISTERS[name][0], {"ordering": sort})
    expected = _rows(name, everything)
    assert len(expected) >= 4, f"the demo's {name} register is too small to page"
    _set_size(monkeypatch, name, 3)
    pages, links, counts = _walk(client, name, {"ordering": sort})
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == 3 for page in pages[:-1]) and len(pages) > 1
    for link in links:
        assert "cursor=" in link and f"ordering={sort}" in link and "page=" not in link.replace("page_size", "")
    assert len(set(counts)) == 1, f"queries per page differ: {counts}"


@pytest.mark.parametrize("name", list(REGISTERS))
def test_previous_returns_the_page_before_and_old_page_links_still_work(browser, in_llr, monkeypatch, name):
    client = browser("pmo.llr")
    url = REGISTERS[name][0]
    _set_size(monkeypatch, name, 1)
    first, _ = _get(client, url)
    second, _ = _get(client, url + _link(NEXT, first))
    third, _ = _get(client, url + _link(NEXT, second))
    back, _ = _get(client, url + _link(PREVIOUS, third))
    assert _rows(name, back) == _rows(name, second)
    assert _link(PREVIOUS, first) is None
    by_number, _ = _get(client, url, {"page": 2})
    assert _rows(name, by_number) == _rows(name, second)
    assert _rows(name, _get(client, url + _link(NEXT, by_number))[0]) == _rows(name, third)
    past_the_end, _ = _get(client, url, {"page": 9999})
    assert _rows(name, past_the_end) and _link(NEXT, past_the_end) is None


def _risk(llr, **values):
    defaults = {"title": "Paging risk", "category": Category.STRATEGIC, "level": Level.PROGRAMME,
                "inherent_likelihood": 3, "inherent_impact": 3, "residual_likelihood": 2, "residual_impact": 3}
    defaults.update(values)
    with tenant_context(llr):
        risk = Risk(**defaults)
        risk.save()
        return risk


def test_rows_added_and_removed_between_pages_never_repeat_or_skip(browser, llr, in_llr, monkeypatch):
    """The risk register in its default order (highest residual score first): a risk added above the pages read,
    one added at the bottom, one not yet read deleted; every other row is seen exactly once."""
    for n in range(8):
        _risk(llr, title=f"Tied {n}", residual_likelihood=1 + n % 2, residual_impact=2)
    client = browser("pmo.llr")
    _set_size(monkeypatch, "risks", 10_000)
    before = _rows("risks", _get(client, "/risks/")[0])
    _set_size(monkeypatch, "risks", 5)
    content, _ = _get(client, "/risks/")
    seen = _rows("risks", content)
    top = _risk(llr, title="Added at the top", inherent_likelihood=5, inherent_impact=5, residual_likelihood=5,
                residual_impact=5)
    bottom = _risk(llr, title="Added at the bottom", residual_likelihood=1, residual_impact=1)
    gone = before[7]
    with tenant_context(llr):
        Risk.objects.filter(pk=gone).delete()
    while (following := _link(NEXT, content)) is not None:
        content, _ = _get(client, "/risks/" + following)
        seen += _rows("risks", content)
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert [pk for pk in before if pk != gone] == [pk for pk in seen if pk != bottom.pk]
    assert top.pk not in seen and bottom.pk == seen[-1]


def test_filters_are_kept_in_the_links_and_the_count_is_the_filtered_one(browser, llr, in_llr, monkeypatch):
    for n in range(5):
        _risk(llr, title=f"Zebra crossing {n}")
    _set_size(monkeypatch, "risks", 2)
    client = browser("pmo.llr")
    pages, links, _ = _walk(client, "risks", {"search": "zebra", "level": "programme"})
    assert all("search=zebra" in link and "level=programme" in link for link in links)
    assert len([pk for page in pages for pk in page]) == 5
    content, _ = _get(client, "/risks/", {"search": "zebra", "level": "programme"})
    assert "5 risks." in content
    # The sorting and page-size links start again from the first page (a cursor belongs to one sorting).
    assert "cursor" not in re.search(r'href="([^"]*ordering=ref[^"]*)"', content).group(1)


def test_a_page_deep_in_the_register_is_read_without_offset(browser, llr, in_llr, monkeypatch):
    for n in range(6):
        _risk(llr, title=f"Deep {n}")
    _set_size(monkeypatch, "risks", 2)
    client = browser("pmo.llr")
    content, _ = _get(client, "/risks/")
    for _ in range(3):
        content, queries = _get(client, "/risks/" + _link(NEXT, content))
    risk_reads = [q["sql"] for q in queries if 'FROM "risks_risk"' in q["sql"]]
    assert risk_reads and not any("OFFSET" in sql for sql in risk_reads)


def test_a_count_past_the_cap_says_more_than(browser, llr, in_llr, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    content, _ = _get(browser("pmo.llr"), "/risks/")
    assert "more than 3 risks." in content


def test_a_cursor_the_register_did_not_give_opens_the_first_page_and_says_so(browser, in_llr, monkeypatch):
    _set_size(monkeypatch, "risks", 3)
    client = browser("pmo.llr")
    first = _rows("risks", _get(client, "/risks/")[0])
    content, _ = _get(client, "/risks/", {"cursor": "not-a-cursor!!"})
    assert _rows("risks", content) == first
    assert "That page link is out of date" in content
