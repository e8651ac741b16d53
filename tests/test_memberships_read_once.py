"""A browser request reads the user's memberships once: the tenant middleware finds the session's partnership among
them, and the header's partnership switcher lists the others from the same list (no second read per page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Membership, Organisation, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def membership_reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, sum('FROM "programme_membership"' in query["sql"] for query in queries.captured_queries)


def test_the_switcher_lists_the_other_partnership_from_the_middlewares_read(browser, llr, northshire):
    user = User.objects.get(username="pmo.llr")
    with tenant_context(northshire):
        Membership.objects.create(user=user, tenant=northshire, organisation=Organisation.objects.first())
    client = browser("pmo.llr")
    response, reads = membership_reads(client, "/risks/")
    assert response.status_code == 200 and "Switch partnership" in response.content.decode()
    assert reads == 1


def test_a_session_naming_a_partnership_the_user_left_is_cleared_and_still_one_read(browser, llr, northshire):
    client = browser("pmo.llr")
    session = client.session
    session["bct_tenant_id"] = northshire.pk  # not a member there
    session.save()
    response, reads = membership_reads(client, "/risks/")
    assert reads == 1
    assert response.status_code == 200 and client.session["bct_tenant_id"] == llr.pk  # the only membership
