"""The board pack's workflow table (``meetings.workflows.PACK``), walked through the API: each step is taken from
each of its source states by a role that may, answers 409 from any other state, and 403 to a reader of the pack
who may not take it; the pages offer exactly the steps the table allows."""

import datetime

import pytest
from django.utils import timezone

from core.tenancy import tenant_context
from meetings.choices import PackStatus
from meetings.models import BoardPack
from meetings.workflows import PACK, PUBLISHED, STUCK, allowed

pytestmark = pytest.mark.django_db
URL = "/api/v1/board-packs/"

STATES = [PackStatus.QUEUED, PackStatus.RENDERING, STUCK, PackStatus.READY, PackStatus.FAILED, PUBLISHED]
# Who may take each step (RACI publish_board_pack: R the PMO, A the Programme Director; both publish), and a reader
# of the (draft) pack who may not: the Delivery Board's chair.
TAKERS = {"render": "pmo.llr", "publish": "pmo.llr"}
REFUSED = {"render": "sro.llr", "publish": "sro.llr"}
CASES = [(name, state) for name in TAKERS for state in STATES]


def test_the_table():
    assert {transition.name: set(transition.sources) for transition in PACK} == {
        "render": {PackStatus.QUEUED, PackStatus.FAILED, STUCK}, "publish": {PackStatus.READY},
    }


@pytest.fixture
def pack_in(stored, next_meeting):
    """A Delivery Board pack in ``state``."""

    def make(state):
        meeting = next_meeting("delivery_board")
        if state in (PackStatus.READY, PUBLISHED):
            pack = stored(meeting)
            BoardPack.objects.filter(pk=pack.pk).update(published=state == PUBLISHED)
        else:
            status = PackStatus.RENDERING if state == STUCK else state
            started = timezone.now() - datetime.timedelta(days=1 if state == STUCK else 0)
            pack = BoardPack.objects.create(meeting=meeting, version=BoardPack.objects.filter(
                meeting=meeting).count() + 1, status=status, started_at=started)
        return BoardPack.objects.get(pk=pack.pk)

    return make


def state_of(pack):
    return PACK.state(BoardPack.all_tenants.get(pk=pack.pk))


@pytest.mark.parametrize("case", CASES, ids=[f"{name}-from-{state}" for name, state in CASES])
def test_each_step_from_each_state(api, llr, pack_in, case):
    name, state = case
    with tenant_context(llr):
        pack = pack_in(state)
    assert state_of(pack) == state
    url = f"{URL}{pack.pk}/{name}/"
    if state not in PACK[name].sources:
        response = api(TAKERS[name]).post(url)
        assert response.status_code == 409, response.content
        assert state_of(pack) == state
        return
    refused = api(REFUSED[name]).post(url)
    assert refused.status_code == 403, refused.content
    assert "allowed_roles" in refused.json() and state_of(pack) == state
    response = api(TAKERS[name]).post(url)
    assert response.status_code in (200, 202), response.content
    assert state_of(pack) == PACK[name].target


def test_a_wrong_state_is_refused_in_the_steps_own_words(api, llr, pack_in):
    with tenant_context(llr):
        ready, published, rendering = pack_in(PackStatus.READY), pack_in(PUBLISHED), pack_in(PackStatus.RENDERING)
    for pack, name, detail in [
        (ready, "render", "This pack is ready; request a new version to render it again."),
        (published, "render", "This pack is published and cannot be rendered again; request a new version."),
        (rendering, "render", "This pack is being rendered now."),
        (published, "publish", "This pack is already published."),
        (rendering, "publish", "Only a ready pack can be published; this one is rendering."),
    ]:
        assert api(TAKERS[name]).post(f"{URL}{pack.pk}/{name}/").json() == {"detail": detail}


@pytest.mark.parametrize("state", STATES)
def test_the_pages_offer_the_steps_the_table_allows(client, persona, llr, pack_in, state):
    with tenant_context(llr):
        pack = pack_in(state)
    buttons = {"render": "Try again", "publish": f"Publish version {pack.version}"}
    for username in ("pmo.llr", "director.llr", "sro.llr"):
        user = persona(username)
        with tenant_context(llr):
            offered = allowed(PACK, user, BoardPack.objects.get(pk=pack.pk))
        client.force_login(user)
        for url in (f"/meetings/packs/{pack.pk}/status/", f"/meetings/{pack.meeting_id}/", "/meetings/packs/"):
            page = client.get(url).content.decode()
            page = page[page.index(f'id="pack-{pack.pk}-status"'):]
            page = page[:page.index("</div>")]
            shown = {name for name, label in buttons.items() if label in page}
            # A queued or stuck pack's fragment shows its progress, not a button: only a failed one offers to try again.
            expected = offered - ({"render"} if state != PackStatus.FAILED else set())
            assert shown == expected, (username, state, url)
