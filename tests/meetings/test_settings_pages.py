"""The PMO's pages for each body's meeting cadence and the partnership's meeting and pack settings, and the admin.

Only the PMO may open or save them (RACI ``publish_board_pack``, R: the Programme Director, who is A, may not).
A bad form answers 400 with the NHS error summary and saves nothing; another partnership's body is 404.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.tenancy import tenant_context
from meetings.models import MeetingCadence, MeetingSettings
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db

VALID_CADENCE = {"every_months": "3", "first_month": "2", "weekday": "0", "week": "5", "time": "15:30",
                 "location": "Room 2, County Hall", "in_public": "on", "active": "on"}


@pytest.fixture
def signed_in(client, persona):
    def sign_in(username):
        client.force_login(persona(username))
        return client

    return sign_in


@pytest.fixture
def board(llr):
    with tenant_context(llr):
        return Body.objects.get(kind=BodyKind.DELIVERY_BOARD)


@pytest.fixture
def group_without_cadence(llr):
    """A reference group: it has no default cadence (it meets as its chair calls it)."""
    with tenant_context(llr):
        return Body.objects.create(name="Carers' Reference Group", kind=BodyKind.REFERENCE_GROUP)


def cadence_row(body):
    return MeetingCadence.all_tenants.filter(body=body).values(
        "every_months", "first_month", "weekday", "week", "time", "location", "in_public", "active").first()


def settings_row(tenant):
    return MeetingSettings.all_tenants.filter(tenant=tenant).values("pack_days_before", "meetings_ahead").get()


def assert_accessible_and_csp_safe(html):
    """Labels for every visible control, and no inline style or script (CSP forbids unsafe-inline)."""
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    for control in re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="(id_[^"]+)"', html):
        assert f'for="{control}"' in html, f"{control} has no label"


# The calendar links to them --------------------------------------------------------------------------------------

def test_the_calendar_links_the_pmo_to_the_settings(signed_in):
    html = signed_in("pmo.llr").get("/meetings/").content.decode()
    assert 'href="/meetings/cadences/"' in html and 'href="/meetings/settings/"' in html


@pytest.mark.parametrize("username", ["director.llr", "viewer.uhl.llr", "delivery.llr"])
def test_the_calendar_has_no_settings_links_for_others(signed_in, username):
    html = signed_in(username).get("/meetings/").content.decode()
    assert "/meetings/cadences/" not in html and "/meetings/settings/" not in html


# Cadences ----------------------------------------------------------------------------------------------------------

def test_the_pmo_sees_every_bodys_cadence(signed_in, board, group_without_cadence):
    response = signed_in("pmo.llr").get("/meetings/cadences/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/meetings/cadences/{board.pk}/"' in html
    assert f'href="/meetings/cadences/{group_without_cadence.pk}/"' in html
    assert "No cadence: meets as called" in html and "Set a cadence" in html
    assert_accessible_and_csp_safe(html)


@pytest.mark.parametrize("username", ["director.llr", "viewer.uhl.llr", "sro.llr"])
def test_only_the_pmo_opens_the_cadences(signed_in, board, username):
    client = signed_in(username)
    listing = client.get("/meetings/cadences/")
    assert listing.status_code == 403
    assert "Only PMO may do this" in listing.content.decode()
    assert client.get(f"/meetings/cadences/{board.pk}/").status_code == 403


def test_the_cadence_list_costs_a_fixed_number_of_queries(signed_in, llr):
    client = signed_in("pmo.llr")

    def queries():
        assert client.get("/meetings/cadences/").status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/cadences/").status_code == 200
        return len(captured)

    before = queries()
    with tenant_context(llr):
        for number in range(4):
            body = Body.objects.create(name=f"Extra group {number}", kind=BodyKind.SPECIAL_INTEREST_GROUP)
            MeetingCadence.objects.create(body=body, every_months=2)
    assert queries() == before


def test_the_pmo_changes_a_cadence(signed_in, board, llr):
    client = signed_in("pmo.llr")
    form = client.get(f"/meetings/cadences/{board.pk}/")
    assert form.status_code == 200
    html = form.content.decode()
    assert_accessible_and_csp_safe(html)
    assert re.search(r'<select[^>]*name="weekday"', html) and re.search(r'<select[^>]*name="week"', html)
    response = client.post(f"/meetings/cadences/{board.pk}/", VALID_CADENCE)
    assert response.status_code == 302 and response["Location"] == "/meetings/cadences/"
    assert cadence_row(board) == {"every_months": 3, "first_month": 2, "weekday": 0, "week": 5,
                                  "time": datetime.time(15, 30), "location": "Room 2, County Hall",
                                  "in_public": True, "active": True}
    with tenant_context(llr):
        cadence = MeetingCadence.objects.get(body=board)
        assert cadence.history.first().history_user.username == "pmo.llr"
    listing = client.get("/meetings/cadences/").content.decode()
    assert "Every 3 months, the last Monday at 15:30" in listing


@pytest.mark.parametrize("change,field", [
    ({"every_months": "13"}, "every_months"),
    ({"every_months": "0"}, "every_months"),
    ({"every_months": "monthly"}, "every_months"),
    ({"first_month": "13"}, "first_month"),
    ({"weekday": "7"}, "weekday"),
    ({"week": "6"}, "week"),
    ({"time": "25:00"}, "time"),
    ({"time": ""}, "time"),
    ({"location": "x" * 201}, "location"),
])
def test_a_bad_cadence_is_a_400_with_an_error_summary_and_saves_nothing(signed_in, board, change, field):
    before = cadence_row(board)
    response = signed_in("pmo.llr").post(f"/meetings/cadences/{board.pk}/", {**VALID_CADENCE, **change})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and f'href="#id_{field}"' in html
    assert f'id="id_{field}-error"' in html and "nhsuk-form-group--error" in html
    assert "<title>Error: " in html
    assert_accessible_and_csp_safe(html)
    assert cadence_row(board) == before


def test_a_body_without_a_cadence_gets_one(signed_in, group_without_cadence):
    client = signed_in("pmo.llr")
    page = client.get(f"/meetings/cadences/{group_without_cadence.pk}/")
    assert page.status_code == 200 and "has no saved cadence yet" in page.content.decode()
    assert cadence_row(group_without_cadence) is None, "opening the form saves nothing"
    assert client.post(f"/meetings/cadences/{group_without_cadence.pk}/", VALID_CADENCE).status_code == 302
    assert cadence_row(group_without_cadence)["every_months"] == 3
    created = MeetingCadence.all_tenants.get(body=group_without_cadence)
    assert created.tenant_id == group_without_cadence.tenant_id


def test_the_programme_director_may_not_change_a_cadence(signed_in, board):
    before = cadence_row(board)
    response = signed_in("director.llr").post(f"/meetings/cadences/{board.pk}/", VALID_CADENCE)
    assert response.status_code == 403
    assert cadence_row(board) == before


def test_another_partnerships_body_is_404(signed_in, board):
    before = cadence_row(board)
    client = signed_in("pmo.north")
    assert client.get(f"/meetings/cadences/{board.pk}/").status_code == 404
    assert client.post(f"/meetings/cadences/{board.pk}/", VALID_CADENCE).status_code == 404
    assert cadence_row(board) == before
    assert f"/meetings/cadences/{board.pk}/" not in client.get("/meetings/cadences/").content.decode()


def test_the_cadence_pages_refuse_other_methods(signed_in, board):
    client = signed_in("pmo.llr")
    assert client.post("/meetings/cadences/").status_code == 405
    assert client.put(f"/meetings/cadences/{board.pk}/").status_code == 405


# Meeting and pack settings -----------------------------------------------------------------------------------------

def test_the_pmo_changes_the_pack_settings(signed_in, llr):
    client = signed_in("pmo.llr")
    page = client.get("/meetings/settings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert_accessible_and_csp_safe(html)
    assert "Days before each meeting its board pack is prepared" in html
    response = client.post("/meetings/settings/", {"pack_days_before": "10", "meetings_ahead": "12"})
    assert response.status_code == 302 and response["Location"] == "/meetings/"
    assert settings_row(llr) == {"pack_days_before": 10, "meetings_ahead": 12}
    with tenant_context(llr):
        assert MeetingSettings.for_tenant(llr).history.first().history_user.username == "pmo.llr"


@pytest.mark.parametrize("data,field", [
    ({"pack_days_before": "61", "meetings_ahead": "6"}, "pack_days_before"),
    ({"pack_days_before": "-1", "meetings_ahead": "6"}, "pack_days_before"),
    ({"pack_days_before": "", "meetings_ahead": "6"}, "pack_days_before"),
    ({"pack_days_before": "7", "meetings_ahead": "0"}, "meetings_ahead"),
    ({"pack_days_before": "7", "meetings_ahead": "25"}, "meetings_ahead"),
    ({"pack_days_before": "7", "meetings_ahead": "six"}, "meetings_ahead"),
])
def test_bad_settings_are_a_400_and_save_nothing(signed_in, llr, data, field):
    client = signed_in("pmo.llr")
    client.get("/meetings/settings/")  # the row exists from here on
    before = settings_row(llr)
    response = client.post("/meetings/settings/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and f'href="#id_{field}"' in html
    assert_accessible_and_csp_safe(html)
    assert settings_row(llr) == before


@pytest.mark.parametrize("username", ["director.llr", "viewer.uhl.llr", "delivery.llr"])
def test_only_the_pmo_changes_the_pack_settings(signed_in, llr, username):
    client = signed_in(username)
    MeetingSettings.for_tenant(llr)
    before = settings_row(llr)
    assert client.get("/meetings/settings/").status_code == 403
    assert client.post("/meetings/settings/", {"pack_days_before": "1", "meetings_ahead": "2"}).status_code == 403
    assert settings_row(llr) == before


def test_each_partnership_has_its_own_settings(signed_in, llr, northshire):
    MeetingSettings.for_tenant(llr)
    before = settings_row(llr)
    response = signed_in("pmo.north").post("/meetings/settings/", {"pack_days_before": "3", "meetings_ahead": "2"})
    assert response.status_code == 302
    assert settings_row(northshire) == {"pack_days_before": 3, "meetings_ahead": 2}
    assert settings_row(llr) == before


# The Django admin ---------------------------------------------------------------------------------------------------

@pytest.fixture
def admin_in(client, persona):
    def act_in(tenant):
        client.force_login(persona("admin"))
        assert client.post(reverse("tenant-switch"), {"tenant": tenant.pk}).status_code == 302
        return client

    return act_in


def test_the_admin_edits_cadences_and_settings(admin_in, llr, northshire, board):
    client = admin_in(llr)
    MeetingSettings.for_tenant(llr)
    MeetingSettings.for_tenant(northshire)
    listing = client.get(reverse("admin:meetings_meetingcadence_changelist"))
    assert listing.status_code == 200 and "Delivery Board" in listing.content.decode()
    cadence = MeetingCadence.all_tenants.get(body=board)
    response = client.post(reverse("admin:meetings_meetingcadence_change", args=[cadence.pk]), {
        "body": board.pk, **VALID_CADENCE, "every_months": "2"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert cadence_row(board)["every_months"] == 2
    row = MeetingSettings.all_tenants.get(tenant=llr)
    assert client.get(reverse("admin:meetings_meetingsettings_changelist")).status_code == 200
    assert client.post(reverse("admin:meetings_meetingsettings_change", args=[row.pk]),
                       {"pack_days_before": "14", "meetings_ahead": "6"}).status_code == 302
    assert settings_row(llr)["pack_days_before"] == 14
    # One row per partnership: no second one, none deleted; another partnership's row is not found.
    assert client.get(reverse("admin:meetings_meetingsettings_add")).status_code == 403
    assert client.get(reverse("admin:meetings_meetingsettings_delete", args=[row.pk])).status_code == 403
    north_row = MeetingSettings.all_tenants.get(tenant=northshire)
    assert client.get(reverse("admin:meetings_meetingsettings_change", args=[north_row.pk])).status_code == 302
