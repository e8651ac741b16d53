"""``board-packs/`` (API.md): 202 at once, versions, publishing, the PDF, who may read, request and publish."""

import hashlib

import pytest

from core.models import User
from core.tenancy import tenant_context
from meetings.choices import PackStatus
from meetings.models import BoardPack
from meetings.models.packs import PackImmutable
from meetings.packs import services as pack_services

pytestmark = pytest.mark.django_db

URL = "/api/v1/board-packs/"
# persona -> (reads the Delivery Board's published packs, reads its drafts, may request a pack, may publish)
PERSONAS = {
    "pmo.llr": (True, True, True, True),
    "director.llr": (True, True, True, True),
    "sro.llr": (True, True, False, False),  # the Delivery Board's chair (a joint SRO)
    "delivery.llr": (True, False, False, False),  # a member: once published
    "partnership.llr": (False, False, False, False),
    "ig.llr": (False, False, False, False),
    "sro.urgentcare.llr": (False, False, False, False),
    "viewer.uhl.llr": (False, False, False, False),
}


@pytest.fixture
def delivery_pack(next_meeting, stored):
    """A ready draft (unpublished) pack of the Delivery Board's next meeting."""
    return stored(next_meeting("delivery_board"))


def publish(pack, username="pmo.llr"):
    with tenant_context(pack.tenant):
        return pack_services.publish(pack, User.objects.get(username=username))


def request_pack(client, meeting, capture):
    """Request a pack and let the queued render run (as the worker would); the pack as it then is."""
    with capture(execute=True):
        response = client.post(URL, {"meeting": meeting.pk}, format="json")
    assert response.status_code == 202, response.content
    return client.get(f"{URL}{response.json()['id']}/")


def test_a_request_answers_202_at_once_with_the_queued_pack(api, next_meeting, django_capture_on_commit_callbacks):
    meeting = next_meeting("delivery_board")
    client = api("pmo.llr")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, {"meeting": meeting.pk}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert {"id", "meeting", "version", "status", "progress", "published"} <= set(body)
    assert body["meeting"] == meeting.pk
    assert (body["status"], body["progress"], body["published"], body["version"]) == ("queued", 0, False, 1)
    assert body["pdf"] is None
    assert response["Location"].endswith(f"{URL}{body['id']}/")
    assert len(callbacks) == 1, "the render is queued when the transaction commits, not before"


def test_the_queued_task_renders_the_pack(api, next_meeting, django_capture_on_commit_callbacks):
    client = api("pmo.llr")
    response = request_pack(client, next_meeting("delivery_board"), django_capture_on_commit_callbacks)
    detail = client.get(f"{URL}{response.json()['id']}/").json()
    assert (detail["status"], detail["progress"]) == ("ready", 100)
    pdf = client.get(detail["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    data = b"".join(pdf.streaming_content)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == detail["sha256"]


def test_a_second_request_while_one_is_queued_returns_that_one(api, next_meeting):
    meeting = next_meeting("delivery_board")
    client = api("pmo.llr")
    first = client.post(URL, {"meeting": meeting.pk}, format="json").json()
    second = client.post(URL, {"meeting": meeting.pk}, format="json")
    assert second.status_code == 202 and second.json()["id"] == first["id"]


def test_versions_publishing_and_immutability(api, next_meeting, django_capture_on_commit_callbacks):
    meeting = next_meeting("delivery_board")
    pmo, director = api("pmo.llr"), api("director.llr")
    first = request_pack(pmo, meeting, django_capture_on_commit_callbacks).json()
    published = director.post(f"{URL}{first['id']}/publish/")
    assert published.status_code == 200, published.content
    assert published.json()["published"] is True
    pack = BoardPack.objects.get(pk=first["id"])
    with pack.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == pack.sha256 == published.json()["sha256"]

    assert director.post(f"{URL}{pack.pk}/publish/").status_code == 409
    assert pmo.post(f"{URL}{pack.pk}/render/").status_code == 409
    with pytest.raises(PackImmutable):
        pack.note = "changed"
        pack.save()

    second = request_pack(pmo, meeting, django_capture_on_commit_callbacks).json()
    assert second["version"] == 2 and second["id"] != pack.pk and second["status"] == "ready"
    assert BoardPack.objects.get(pk=pack.pk).sha256 == pack.sha256, "the published version is untouched"


def test_a_ready_unpublished_pack_is_replaced_by_a_new_version_not_re_rendered(api, delivery_pack):
    response = api("pmo.llr").post(f"{URL}{delivery_pack.pk}/render/")
    assert response.status_code == 409


def test_a_failed_pack_can_be_rendered_again(api, delivery_pack, django_capture_on_commit_callbacks):
    BoardPack.objects.filter(pk=delivery_pack.pk).update(status=PackStatus.FAILED, file="", sha256="")
    with django_capture_on_commit_callbacks(execute=True):
        response = api("pmo.llr").post(f"{URL}{delivery_pack.pk}/render/")
    assert response.status_code == 202
    assert BoardPack.objects.get(pk=delivery_pack.pk).status == PackStatus.READY


def test_publishing_needs_a_ready_pack(api, next_meeting):
    meeting = next_meeting("delivery_board")
    queued = api("pmo.llr").post(URL, {"meeting": meeting.pk}, format="json").json()
    assert api("director.llr").post(f"{URL}{queued['id']}/publish/").status_code == 409
    assert api("director.llr").get(f"{URL}{queued['id']}/pdf/").status_code == 409


def reads_through_the_api(client, pack):
    """Whether the pack is listed, and the codes of reading it and its PDF."""
    ids = [row["id"] for row in client.get(URL, {"page_size": 200}).json()["results"]]
    return (pack.pk in ids, client.get(f"{URL}{pack.pk}/").status_code, client.get(f"{URL}{pack.pk}/pdf/").status_code)


@pytest.mark.parametrize("username", list(PERSONAS))
def test_who_reads_a_delivery_board_pack_before_and_after_it_is_published(api, username, delivery_pack):
    reads, reads_drafts, _, _ = PERSONAS[username]
    client = api(username)
    draft = 200 if reads_drafts else 404
    assert reads_through_the_api(client, delivery_pack) == (reads_drafts, draft, draft)
    publish(delivery_pack)
    published = 200 if reads else 404
    assert reads_through_the_api(client, delivery_pack) == (reads, published, published)


@pytest.mark.parametrize("username", list(PERSONAS))
def test_who_requests_a_pack(api, username, next_meeting):
    allowed = PERSONAS[username][2]
    response = api(username).post(URL, {"meeting": next_meeting("delivery_board").pk}, format="json")
    assert response.status_code == (202 if allowed else 403), response.content
    if not allowed:
        assert "allowed_roles" in response.json()


@pytest.mark.parametrize("username", list(PERSONAS))
def test_who_publishes(api, username, delivery_pack):
    _, reads_drafts, _, publishes = PERSONAS[username]
    response = api(username).post(f"{URL}{delivery_pack.pk}/publish/")
    assert response.status_code == (200 if publishes else 403 if reads_drafts else 404), response.content
    assert BoardPack.all_tenants.get(pk=delivery_pack.pk).published is publishes
    if publishes:
        assert response.json()["published"] is True
        assert BoardPack.all_tenants.get(pk=delivery_pack.pk).published_by.username == username


def test_board_members_read_their_own_boards_published_packs(api, next_meeting, stored):
    partnership_pack = stored(next_meeting("partnership_board"))
    ig_pack = stored(next_meeting("implementation_group"))
    assert api("partnership.llr").get(f"{URL}{partnership_pack.pk}/").status_code == 404  # a draft, for now
    assert api("ig.llr").get(f"{URL}{ig_pack.pk}/pdf/").status_code == 404
    publish(partnership_pack)
    publish(ig_pack, "director.llr")
    assert api("partnership.llr").get(f"{URL}{partnership_pack.pk}/").status_code == 200
    assert api("ig.llr").get(f"{URL}{ig_pack.pk}/").status_code == 200
    assert api("ig.llr").get(f"{URL}{partnership_pack.pk}/").status_code == 404
    assert api("delivery.llr").get(f"{URL}{ig_pack.pk}/").status_code == 404


def test_another_partnership_sees_nothing(api, delivery_pack, northshire):
    with tenant_context(northshire):
        north = api("pmo.north")
    assert north.get(f"{URL}{delivery_pack.pk}/").status_code == 404
    assert north.get(f"{URL}{delivery_pack.pk}/pdf/").status_code == 404
    assert north.post(f"{URL}{delivery_pack.pk}/publish/").status_code == 404
    assert delivery_pack.pk not in [row["id"] for row in north.get(URL).json()["results"]]
    refused = north.post(URL, {"meeting": delivery_pack.meeting_id}, format="json")
    assert refused.status_code == 400 and "meeting" in refused.json()


def test_bad_input_is_a_400_never_a_500(api):
    client = api("pmo.llr")
    for payload in ({}, {"meeting": "x"}, {"meeting": 10 ** 12}, {"meeting": None}):
        response = client.post(URL, payload, format="json")
        assert response.status_code == 400, (payload, response.content)


def test_a_cancelled_meeting_has_no_pack(api, next_meeting):
    meeting = next_meeting("delivery_board")
    type(meeting).objects.filter(pk=meeting.pk).update(status="cancelled")
    assert api("pmo.llr").post(URL, {"meeting": meeting.pk}, format="json").status_code == 409


def test_packs_are_never_edited_or_deleted_through_the_api(api, delivery_pack):
    client = api("director.llr")
    assert client.patch(f"{URL}{delivery_pack.pk}/", {"version": 9}, format="json").status_code == 405
    assert client.delete(f"{URL}{delivery_pack.pk}/").status_code == 405
