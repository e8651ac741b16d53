"""The account page of calendar subscriptions (/accounts/calendar/): a link is shown once, can be revoked, and
belongs to its owner and partnership only."""

import pytest
from django.test import Client

from core.models import AuditEvent, AuditKind, CalendarFeedToken, User
from core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

PAGE = "/accounts/calendar/"


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_link_is_created_shown_once_used_and_revoked(llr):
    client = signed_in("delivery.llr")
    created = client.post(PAGE, {"action": "create"})
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    urls = [url for _, url in created.context["urls"]]
    assert urls[0].startswith("http://testserver/calendar/cal_") and urls[0].endswith(".ics")
    assert all(url.encode() in created.content for url in urls)
    # The user's own feed, then one per body they may read: the Delivery Board's members read theirs alone.
    assert [label for label, _ in created.context["urls"]][1:] == ["Delivery Board"]
    key = urls[0].rsplit("/", 1)[1].removesuffix(".ics")
    listing = client.get(PAGE)
    assert listing.status_code == 200 and key.encode() not in listing.content  # shown once only
    assert b"Revoke link" in listing.content
    assert Client().get(urls[0]).status_code == 200 and Client().get(urls[1]).status_code == 200
    revoked = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert b"was revoked" in revoked.content
    assert Client().get(urls[0]).status_code == 404 and Client().get(urls[1]).status_code == 404
    with tenant_context(llr):
        assert not CalendarFeedToken.objects.filter(user__username="delivery.llr", revoked_at__isnull=True).exists()
        token = CalendarFeedToken.objects.get(user__username="delivery.llr")
        kinds = list(AuditEvent.objects.filter(token_prefix=token.prefix).values_list("kind", "username"))
    assert sorted(kinds) == [(AuditKind.CALENDAR_CREATED, "delivery.llr"), (AuditKind.CALENDAR_REVOKED, "delivery.llr")]


def test_creating_again_replaces_the_link(llr):
    client = signed_in("delivery.llr")
    first = client.post(PAGE, {"action": "create"}).context["urls"][0][1]
    second = client.post(PAGE, {"action": "create"}).context["urls"][0][1]
    assert first != second
    assert Client().get(first).status_code == 404 and Client().get(second).status_code == 200
    with tenant_context(llr):
        assert CalendarFeedToken.objects.filter(user__username="delivery.llr", revoked_at__isnull=True).count() == 1


def test_revoking_touches_only_ones_own_link(llr, northshire):
    with tenant_context(llr):
        theirs, key = CalendarFeedToken.issue(User.objects.get(username="pmo.llr"), llr)
    client = signed_in("delivery.llr")
    assert client.post(PAGE, {"action": "revoke"}).status_code == 302
    assert Client().get(f"/calendar/{key}.ics").status_code == 200
    with tenant_context(llr):
        assert CalendarFeedToken.objects.get(pk=theirs.pk).revoked_at is None


def test_a_link_in_one_partnership_leaves_the_other_alone(llr, northshire):
    """The admin belongs to both demo partnerships: each has its own link, and each link shows its own meetings."""
    admin = signed_in("admin")
    admin.post("/accounts/partnership/", {"tenant": llr.pk})
    llr_url = admin.post(PAGE, {"action": "create"}).context["urls"][0][1]
    admin.post("/accounts/partnership/", {"tenant": northshire.pk})
    north_url = admin.post(PAGE, {"action": "create"}).context["urls"][0][1]
    assert Client().get(llr_url).status_code == 200  # not replaced by the other partnership's
    assert b"@northshire.bct-portal" not in Client().get(llr_url).content
    assert b"@llr.bct-portal" not in Client().get(north_url).content
    admin.post(PAGE, {"action": "revoke"})
    assert Client().get(north_url).status_code == 404 and Client().get(llr_url).status_code == 200


def test_bad_input_is_a_400_and_the_page_needs_a_login(llr):
    client = signed_in("delivery.llr")
    assert client.post(PAGE, {"action": "delete-everything"}).status_code == 400
    assert client.post(PAGE, {}).status_code == 400
    assert Client().get(PAGE).status_code == 302
    assert Client().post(PAGE, {"action": "create"}).status_code == 302
    with tenant_context(llr):
        assert not CalendarFeedToken.objects.filter(user__username="delivery.llr").exists()


def test_the_account_pages_link_to_the_calendar_page(llr):
    assert b'href="/accounts/calendar/"' in signed_in("delivery.llr").get("/accounts/tokens/").content
