"""Fixtures for board packs: a private media root, the demo's next meetings, rendering and reading a pack."""

import pytest

from meetings import services as meetings
from meetings.models import BoardPack
from meetings.packs import render
from programme.models import Body
from tests.webhooks.receiver import endpoint, receiver  # noqa: F401 - fixtures (the webhooks of a publication)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def next_meeting(in_llr):
    """The LLR body's next scheduled meeting (the demo schedules six months ahead of today)."""

    def get(kind, tenant=None):
        body = Body.objects.get(kind=kind)
        meeting = meetings.next_meeting(body)
        assert meeting is not None, f"the demo has no upcoming {kind} meeting"
        return meeting

    return get


@pytest.fixture
def rendered(in_llr):
    """A new pack of ``meeting``, rendered now (as the worker would)."""

    def make(meeting):
        version = BoardPack.objects.filter(meeting=meeting).count() + 1
        pack = BoardPack.objects.create(meeting=meeting, version=version)
        assert render.render_pack(pack.pk) == "ready", BoardPack.objects.get(pk=pack.pk).error
        pack.refresh_from_db()
        return pack

    return make


@pytest.fixture
def stored(in_llr):
    """A ready pack of ``meeting`` with a small stored file and no rendering (for tests about access)."""
    from meetings.packs.render import mark_ready, write_file

    def make(meeting):
        version = BoardPack.objects.filter(meeting=meeting).count() + 1
        pack = BoardPack.objects.create(meeting=meeting, version=version, status="rendering")
        data = b"%PDF-1.7\n% a stand-in for a rendered pack\n%%EOF\n"
        mark_ready(pack, write_file(pack, data), data, 1, [("cover", "Cover and agenda")], meeting.date)
        pack.refresh_from_db()
        return pack

    return make
