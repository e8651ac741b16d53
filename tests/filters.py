"""Helpers of the register filter tests: a filter form read as a browser reads it (lxml's ``form_values`` is
what a browser submits: a select with no option selected sends its first option)."""

import re

from lxml import html as lxml_html

from core.filters import ANY, DEFAULT_ORDER


def filter_form(response):
    """The page's filter form (``<form data-portal-filters>``)."""
    forms = lxml_html.fromstring(response.content.decode()).xpath("//form[@data-portal-filters]")
    assert len(forms) == 1, "one filter form on the page"
    return forms[0]


def assert_selects_start_blank(form):
    """Every single select starts with a blank option: "Any", or the default order for "Sort by"."""
    for select in form.xpath(".//select"):
        if select.multiple:
            continue
        first = select.xpath("./option")[0]
        expected = DEFAULT_ORDER if select.name == "ordering" else ANY
        assert (first.get("value"), first.text_content().strip()) == ("", expected), select.name


def untouched(form):
    """What "Apply filters" sends when the user chose nothing (without the portal's script)."""
    return form.form_values()


def assert_blank_form_applies_no_filter(client, url, rows):
    """The form submitted untouched, and every field sent blank, list what the page lists with no parameters."""
    unfiltered = client.get(url)
    form = filter_form(unfiltered)
    assert_selects_start_blank(form)
    everything = rows(unfiltered)
    assert everything, "the register has rows to filter"
    kept = {field.get("name"): field.get("value") for field in form.xpath(".//input[@type='hidden']")}
    submitted = untouched(form)
    assert all(value == "" for name, value in submitted if name not in kept), submitted
    as_sent = client.get(url, data=submitted)
    assert as_sent.status_code == 200
    assert rows(as_sent) == everything
    names = {field.get("name") for field in form.xpath(".//select[@name] | .//input[@name]")} - set(kept)
    all_blank = client.get(url, data={**dict.fromkeys(names, ""), **kept})
    assert all_blank.status_code == 200
    assert rows(all_blank) == everything
    return names


def api_ids(client, path, query):
    response = client.get(path, data={**query, "page_size": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert not (isinstance(body, dict) and body.get("next")), "one page holds every row"
    return {row["id"] for row in rows}


def assert_person_filter_finds_by_name(client, path, param, items, person, extra_names=lambda item: ""):
    """``?<param>=`` finds rows by the person's last name (any case), full name, or username (API.md).

    ``items`` are the rows the list shows unfiltered; ``person(item)`` the user on the row (or None);
    ``extra_names(item)`` any name written as text on the row. The expected rows are worked out in Python.
    """
    people = [person(item) for item in items if person(item) is not None and person(item).last_name]
    assert people, "some row has a named person"
    user = people[0]

    def by_name(query):
        terms = query.lower().split()
        return {item.pk for item in items
                if all(term in " ".join(filter(None, [person(item) and person(item).first_name,
                                                      person(item) and person(item).last_name,
                                                      extra_names(item)])).lower() for term in terms)}

    for query in (user.last_name.lower(), user.get_full_name().upper(), user.first_name):
        found = api_ids(client, path, {param: query})
        assert found == by_name(query), query
        assert found, query
    owned = {item.pk for item in items if person(item) is not None and person(item).username == user.username}
    assert api_ids(client, path, {param: user.username}) == owned | by_name(user.username)
    assert api_ids(client, path, {param: "Nobody Byth-Isname"}) == set()
    return user


def api_client_for(username="pmo.llr", tenant_slug="llr"):
    """An API client for a demo user (for the browser tests, which have no ``api`` fixture's database)."""
    from rest_framework.test import APIClient

    from core.models import ApiToken, Partnership, User

    user = User.objects.get(username=username)
    _, key = ApiToken.issue(user, Partnership.objects.get(slug=tenant_slug), name="filters browser test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def shown_pks(page, detail):
    """The rows the page lists: the items its links open (``detail`` matches a link to one, capturing its id)."""
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(link => link.getAttribute('href'))")
    return {int(match.group(1)) for href in hrefs if (match := detail.match(href))}


def check_each_filter_in_browser(page, start, api_path, detail, texts, page_size=25, skip=("ordering",)):
    """As pmo.llr, apply each filter of ``start``'s form alone and compare the rows shown with the API's.

    Each select gets its first option (after "Any") for which the API lists rows; each text field the value
    in ``texts`` (every text field must have one). After "Apply filters" the URL carries that one parameter,
    and the rows shown are the API's rows for it (the first page of them, when there are more). One page load
    per filter: the next filter is chosen on the result page, after blanking the previous one.
    """
    from urllib.parse import parse_qs, urlsplit

    from tests.browser import log_in

    client = api_client_for()
    log_in(page, "pmo.llr", start=start)
    page.wait_for_url(re.compile(re.escape(start) + "$"))
    form = page.locator("form[data-portal-filters]")
    details = page.locator("details", has=form)
    if details.count() and not details.first.get_attribute("open"):
        details.first.locator("summary").click()
    names = form.evaluate("form => [...form.elements].filter(e => e.name && e.type !== 'hidden' && e.type !== "
                          "'submit').map(e => [e.name, e.tagName.toLowerCase(), e.multiple])")
    applied, previous = [], None
    for name, tag, multiple in names:
        if name in skip:
            continue
        field = form.locator(f"[name='{name}']")
        if tag == "select":
            values = [v for v in field.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
            value = next((v for v in values if api_ids(client, api_path, {name: v})), None)
            assert value is not None, f"some {name} has rows"
        else:
            value = texts[name]
        if previous is not None:
            blank = form.locator(f"[name='{previous[0]}']")
            if previous[1] == "select":
                blank.select_option([] if previous[2] else "")
            else:
                blank.fill("")
        if tag == "select":
            field.select_option(value)
        else:
            field.fill(value)
        form.locator("button[type='submit']").click()
        page.wait_for_url(re.compile(re.escape(start) + r"\?"))
        query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
        assert query == {name: [value]}, page.url  # only the chosen parameter
        expected = api_ids(client, api_path, {name: value})
        shown = shown_pks(page, detail)
        assert expected, f"{name}={value} lists rows"
        assert shown <= expected and len(shown) == min(len(expected), page_size), (name, value, shown, expected)
        applied.append(name)
        previous = (name, tag, multiple)
    assert page.errors == []
    return applied
