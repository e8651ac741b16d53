"""The browser pages: the calendar, a meeting, the packs list and the progress fragment that polls itself."""

import pytest

from core.tenancy import tenant_context
from meetings import services as meetings
from meetings.models import BoardPack, MeetingDecision
from meetings.packs.render import mark_ready, write_file
from programme.choices import BodyKind
from programme.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def signed_in(client, persona):
    def sign_in(username):
        client.force_login(persona(username))
        return client

    return sign_in


@pytest.fixture
def board_meeting(llr):
    with tenant_context(llr):
        return meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))


def make_pack(meeting, status="rendering", progress=40):
    with tenant_context(meeting.tenant):
        pack = BoardPack.objects.create(meeting=meeting, version=1, status=status, progress=progress,
                                        stage="Gathering risks")
        return pack


def finish(pack):
    with tenant_context(pack.tenant):
        data = b"%PDF-1.7\n%%EOF\n"
        mark_ready(pack, write_file(pack, data), data, 1, [], pack.meeting.date)
        pack.refresh_from_db()
        return pack


def test_the_calendar_lists_meetings_by_month(signed_in, board_meeting):
    page = signed_in("viewer.uhl.llr").get("/meetings/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Delivery Board" in html and "Partnership Board" in html and "In public" in html
    assert "Schedule the next meetings" not in html
    past = signed_in("viewer.uhl.llr").get("/meetings/", {"when": "past", "body": board_meeting.body_id})
    assert past.status_code == 200 and "Held" in past.content.decode()


def test_the_pmo_schedules_from_the_calendar(signed_in):
    client = signed_in("pmo.llr")
    assert "Schedule the next meetings" in client.get("/meetings/").content.decode()
    assert client.post("/meetings/generate/").status_code == 302
    assert signed_in("viewer.uhl.llr").post("/meetings/generate/").status_code == 403


def test_a_meeting_page(signed_in, board_meeting):
    html = signed_in("delivery.llr").get(f"/meetings/{board_meeting.pk}/").content.decode()
    assert "Benefits realisation" in html and "Allocation of resource" in html
    assert "Record a decision" not in html and "Prepare the pack" not in html
    pmo = signed_in("pmo.llr").get(f"/meetings/{board_meeting.pk}/").content.decode()
    assert "Record a decision" in pmo and "Prepare the pack" in pmo


def test_recording_a_decision(signed_in, board_meeting):
    response = signed_in("pmo.llr").post(f"/meetings/{board_meeting.pk}/decisions/", {"text": "Approved the RFF."})
    assert response.status_code == 302
    assert MeetingDecision.all_tenants.filter(meeting=board_meeting, text="Approved the RFF.").exists()
    refused = signed_in("viewer.uhl.llr").post(f"/meetings/{board_meeting.pk}/decisions/", {"text": "No."})
    assert refused.status_code == 403


def test_recording_an_action_needs_an_owner(signed_in, board_meeting):
    client = signed_in("pmo.llr")
    response = client.post(f"/meetings/{board_meeting.pk}/actions/", {"description": "Do it."}, follow=True)
    assert "Choose who owns the action" in response.content.decode()
    ok = client.post(f"/meetings/{board_meeting.pk}/actions/", {"description": "Do it.", "owner_name": "CFOs",
                                                                 "due_date": "2031-01-31"}, follow=True)
    assert "The action is recorded." in ok.content.decode()


def test_the_progress_fragment_polls_until_the_pack_is_final(signed_in, board_meeting):
    pack = make_pack(board_meeting)
    client = signed_in("sro.llr")  # the board's chair reads its draft packs
    fragment = client.get(f"/meetings/packs/{pack.pk}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and f'hx-get="/meetings/packs/{pack.pk}/status/"' in fragment
    assert '<progress' in fragment and 'value="40"' in fragment
    assert "<script" not in fragment and "style=" not in fragment
    finish(pack)
    done = client.get(f"/meetings/packs/{pack.pk}/status/").content.decode()
    assert "hx-trigger" not in done and "Download the PDF" in done
    assert "Publish version" not in done, "only the PMO or the Programme Director publishes"
    assert "Publish version 1" in signed_in("director.llr").get(f"/meetings/packs/{pack.pk}/status/").content.decode()
    assert "Publish version 1" in signed_in("pmo.llr").get(f"/meetings/packs/{pack.pk}/status/").content.decode()


def publish(pack, username="pmo.llr"):
    from core.models import User
    from meetings.packs import services as pack_services

    with tenant_context(pack.tenant):
        return pack_services.publish(pack, User.objects.get(username=username))


def test_a_draft_pack_is_read_by_the_pmo_the_director_and_the_chair_and_by_members_once_published(signed_in,
                                                                                                  board_meeting):
    pack = finish(make_pack(board_meeting))
    for username in ("pmo.llr", "director.llr", "sro.llr"):
        client = signed_in(username)
        assert client.get(f"/meetings/packs/{pack.pk}/pdf/").status_code == 200, username
        assert f'id="pack-{pack.pk}-status"' in client.get(f"/meetings/{board_meeting.pk}/").content.decode()
        assert f'id="pack-{pack.pk}-status"' in client.get("/meetings/packs/").content.decode()
    member = signed_in("delivery.llr")
    assert member.get(f"/meetings/packs/{pack.pk}/pdf/").status_code == 404
    assert member.get(f"/meetings/packs/{pack.pk}/status/").status_code == 404
    assert f"/meetings/packs/{pack.pk}/" not in member.get("/meetings/packs/").content.decode()
    page = member.get(f"/meetings/{board_meeting.pk}/").content.decode()
    assert f"/meetings/packs/{pack.pk}/" not in page and "A draft of this meeting's pack is being prepared" in page
    publish(pack)
    member = signed_in("delivery.llr")
    response = member.get(f"/meetings/packs/{pack.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = member.get(f"/meetings/{board_meeting.pk}/").content.decode()
    assert f"/meetings/packs/{pack.pk}/pdf/" in page and "A draft of this meeting" not in page


def test_the_pack_pdf_and_list_are_for_its_readers(signed_in, board_meeting):
    pack = finish(make_pack(board_meeting))
    publish(pack)
    reader = signed_in("delivery.llr")
    response = reader.get(f"/meetings/packs/{pack.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Delivery Board" in reader.get("/meetings/packs/").content.decode()
    outsider = signed_in("ig.llr")
    assert outsider.get(f"/meetings/packs/{pack.pk}/pdf/").status_code == 404
    assert outsider.get(f"/meetings/packs/{pack.pk}/status/").status_code == 404
    assert f"/meetings/packs/{pack.pk}/" not in outsider.get("/meetings/packs/").content.decode()
    page = outsider.get(f"/meetings/{board_meeting.pk}/").content.decode()
    assert "are read by its members" in page


def test_publishing_from_the_page(signed_in, board_meeting):
    pack = finish(make_pack(board_meeting))
    assert signed_in("sro.llr").post(f"/meetings/packs/{pack.pk}/publish/").status_code == 403  # reads, not publishes
    assert signed_in("delivery.llr").post(f"/meetings/packs/{pack.pk}/publish/").status_code == 404  # a draft to them
    response = signed_in("pmo.llr").post(f"/meetings/packs/{pack.pk}/publish/", follow=True)
    assert "is published" in response.content.decode()
    pack.refresh_from_db()
    assert pack.published


def test_requesting_a_pack_from_the_page(signed_in, board_meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = signed_in("pmo.llr").post(f"/meetings/{board_meeting.pk}/pack/", follow=True)
    assert "being prepared" in response.content.decode()
    assert signed_in("delivery.llr").post(f"/meetings/{board_meeting.pk}/pack/").status_code == 403


def test_another_partnerships_meeting_is_404(signed_in, board_meeting):
    assert signed_in("pmo.north").get(f"/meetings/{board_meeting.pk}/").status_code == 404


def test_the_navigation_has_meetings(signed_in):
    html = signed_in("viewer.uhl.llr").get("/programme/").content.decode()
    assert 'href="/meetings/"' in html


def test_the_read_only_pages_refuse_a_post(signed_in, board_meeting):
    client = signed_in("pmo.llr")
    for path in ("/meetings/", f"/meetings/{board_meeting.pk}/", "/meetings/packs/"):
        assert client.post(path).status_code == 405
