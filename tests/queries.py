"""Counting a page's queries: the tests that hold a page (or an API list) to a constant number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count(client, url):
    """(queries, response) of a GET of ``url``, which must answer 200 (its start is shown otherwise)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response
