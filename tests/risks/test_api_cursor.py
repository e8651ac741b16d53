"""The API's lists page by cursor (core.keyset, core.api.pagination): every row once, in order, whatever is inserted
or deleted between two requests; back and forth; the old ?page= links; a cursor that was tampered with is a 400."""

import pytest

from core import keyset
from core.tenancy import tenant_context
from risks.models import Risk

URL = "/api/v1/risks/"


def _walk(client, params, limit=100):
    """Every page from the first by following next: the pages' ids."""
    pages = []
    body = client.get(URL, params).json()
    pages.append([row["id"] for row in body["results"]])
    while body["next"] and len(pages) < limit:
        body = client.get(body["next"]).json()
        pages.append([row["id"] for row in body["results"]])
    return pages


def _ordered_ids(llr, user, order=("-residual_score", "number", "pk")):
    with tenant_context(llr):
        return list(Risk.objects.visible_to(user).filter(archived=False).order_by(*order).values_list("pk", flat=True))


@pytest.fixture
def many_risks(make_risk):
    """A dozen risks sharing residual scores, so pages split ties (where keyset pagination goes wrong first)."""
    return [make_risk(title=f"Cursor risk {n}", residual_likelihood=1 + n % 3, residual_impact=3) for n in range(12)]


def test_following_next_gives_every_row_once_in_order(api, llr, persona, many_risks):
    client = api("pmo.llr")
    pages = _walk(client, {"page_size": 7})
    walked = [pk for page in pages for pk in page]
    assert walked == _ordered_ids(llr, persona("pmo.llr"))
    assert all(len(page) == 7 for page in pages[:-1])
    first = client.get(URL, {"page_size": 7}).json()
    assert first["previous"] is None and "cursor=" in first["next"] and first["count_exact"] is True
    assert first["count"] == len(walked)


def test_rows_inserted_and_deleted_between_pages_never_repeat_or_skip(api, llr, persona, make_risk, many_risks):
    client = api("pmo.llr")
    before = _ordered_ids(llr, persona("pmo.llr"))
    first = client.get(URL, {"page_size": 5}).json()
    seen = [row["id"] for row in first["results"]]
    # Between the two requests: a risk that sorts first (above the page already read), one that sorts last,
    # and one row of the next page deleted.
    top = make_risk(title="Inserted at the top", residual_likelihood=5, residual_impact=5,
                    inherent_likelihood=5, inherent_impact=5)
    bottom = make_risk(title="Inserted at the bottom", residual_likelihood=1, residual_impact=1)
    gone = before[6]
    with tenant_context(llr):
        Risk.objects.filter(pk=gone).delete()
    body = first
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [row["id"] for row in body["results"]]
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert [pk for pk in before if pk != gone] == [pk for pk in seen if pk != bottom.pk]
    assert top.pk not in seen and bottom.pk == seen[-1]


def test_previous_returns_the_page_before(api, many_risks):
    client = api("pmo.llr")
    first = client.get(URL, {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in second["results"]]
    again = client.get(back["previous"]).json()
    assert [row["id"] for row in again["results"]] == [row["id"] for row in first["results"]]
    assert again["previous"] is None
    assert client.get(again["next"]).json()["results"] == second["results"]


def test_old_page_links_open_the_nth_page_and_continue_by_cursor(api, many_risks):
    client = api("pmo.llr")
    first = client.get(URL, {"page_size": 4}).json()
    second = client.get(first["next"]).json()
    by_number = client.get(URL, {"page_size": 4, "page": 2}).json()
    assert by_number["results"] == second["results"]
    assert "page=" not in by_number["next"] and "cursor=" in by_number["next"]
    assert client.get(by_number["next"]).json()["results"] == client.get(second["next"]).json()["results"]


def test_a_user_chosen_ordering_pages_by_cursor_too(api, llr, persona, many_risks):
    client = api("pmo.llr")
    pages = _walk(client, {"page_size": 5, "ordering": "-title"})
    walked = [pk for page in pages for pk in page]
    assert walked == _ordered_ids(llr, persona("pmo.llr"), ("-title", "number", "pk"))


def test_a_nullable_ordering_pages_by_offset_and_still_covers_every_row(api, llr, persona, many_risks):
    client = api("pmo.llr")
    pages = _walk(client, {"page_size": 5, "ordering": "review_date"})
    walked = [pk for page in pages for pk in page]
    assert sorted(walked) == sorted(_ordered_ids(llr, persona("pmo.llr")))
    assert len(walked) == len(set(walked))


@pytest.mark.parametrize("cursor", ["not-base64!!", "eyJ4IjoxfQ", "WzFd",
                                    # a well-formed cursor for another ordering, and one with a value of a wrong type
                                    keyset._encode({"k": ["title", "id"], "v": ["a", 1], "b": False}),
                                    keyset._encode({"k": ["-residual_score", "number", "id"], "v": ["x", 1, 1]}),
                                    keyset._encode({"o": -5})])
def test_a_cursor_the_list_did_not_give_is_a_400(api, many_risks, cursor):
    response = api("pmo.llr").get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert "start from the first page" in response.json()["cursor"][0]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"page_size": "-1"}])
def test_a_page_or_size_that_is_not_a_positive_number_is_a_400(api, params):
    response = api("pmo.llr").get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_count_is_capped_and_says_so(api, many_risks, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    monkeypatch.setattr(keyset.capped_count, "__defaults__", (5,))
    body = api("pmo.llr").get(URL, {"page_size": 3}).json()
    assert body["count"] == 5 and body["count_exact"] is False


def test_a_three_term_ordering_keeps_each_earlier_term_equal(api, llr, persona, many_risks):
    """category, then title descending, then the number: within one category the titles and numbers disagree, so
    a cursor that forgot to hold the earlier terms equal would repeat rows."""
    client = api("pmo.llr")
    walked = [pk for page in _walk(client, {"page_size": 3, "ordering": "category,-title"}) for pk in page]
    assert walked == _ordered_ids(llr, persona("pmo.llr"), ("category", "-title", "number", "pk"))


def test_a_values_count_counts_the_primary_keys_when_its_columns_are_the_models_own(llr, many_risks):
    """The register page counts values() rows: over the risk's own columns it counts ids (so PostgreSQL may count
    from an index), the same number; a joined column (a row per link) or distinct rows are counted as they are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programme.models import Objective

    with tenant_context(llr):
        many_risks[0].objectives.set(Objective.objects.all()[:2])  # two rows of it when its links are read
        live = Risk.objects.filter(archived=False)
        expected = live.count()
        with CaptureQueriesContext(connection) as queries:
            assert keyset.capped_count(live.values("id", "title", "owner_id", "project")) == (expected, True)
        inner = queries.captured_queries[-1]["sql"].split("FROM", 2)[1]
        assert '"title"' not in inner and '"owner_id"' not in inner
        linked = live.values("id", "objectives")
        assert keyset.capped_count(linked) == (expected + 1, True)
        titles = live.values("level").distinct()  # a few levels among many risks
        assert keyset.capped_count(titles) == (titles.order_by().count(), True)
        assert keyset.capped_count(live.values("id", "title"), cap=3) == (3, False)
