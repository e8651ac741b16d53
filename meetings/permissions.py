"""Who may act on meetings and board packs (``core.rules``; RACI ``publish_board_pack``: A the Programme Director,
R the PMO).

- ``meetings.read_boardpack`` (every member, less those ``may_read_pack`` leaves out): read a pack; its body's
  members, the PMO, the Programme Director, the joint SROs and whoever prepares packs; a draft (unpublished) pack
  only the PMO, the Programme Director (and whoever prepares or publishes packs) and the body's chairs;
- ``meetings.add_boardpack`` (R or A): request a pack, or render a version again;
- ``meetings.publish_boardpack`` (R or A): publish a ready pack (the PMO, as the boards' secretariat, PID s2.7.2,
  or the Programme Director);
- ``meetings.add_meeting``, ``meetings.change_meeting`` (R or A): keep the calendar, agendas, decisions and actions
  (the PMO is the boards' secretariat, PID s2.7.2);
- ``meetings.record_board_decision`` (R): record a board's decision as its secretary (``meetings.decisions``;
  the PMO, as seeded); a body's chairs (``Body.chairs``) record its decisions too;
- ``meetings.change_meetingcadence``, ``meetings.change_meetingsettings`` (R): each body's cadence and the
  partnership's meeting settings (the PMO alone, as seeded).
"""

from core import rules
from meetings.models.packs import PACK_PROCESS, may_read_pack

READ_PACK = "meetings.read_boardpack"
REQUEST_PACK = "meetings.add_boardpack"
PUBLISH_PACK = "meetings.publish_boardpack"
MANAGE_PERM = "meetings.change_meeting"
CADENCE_PERM = "meetings.change_meetingcadence"
SETTINGS_PERM = "meetings.change_meetingsettings"
SECRETARY_PERM = "meetings.record_board_decision"  # meetings.decisions reads it


def _not_a_reader(user, pack):
    return not may_read_pack(user, pack)


def register():
    # Reading is narrower than the tenant, so it is a named permission rather than view_ (which every member has).
    rules.register(READ_PACK, None, excluded=_not_a_reader)
    rules.register(REQUEST_PACK, PACK_PROCESS, letters="RA")
    rules.register(PUBLISH_PACK, PACK_PROCESS, letters="RA")
    for perm in ("meetings.add_meeting", MANAGE_PERM):
        rules.register(perm, PACK_PROCESS, letters="RA")
    # Each body's cadence and the tenant's pack settings (days before a meeting a pack is rendered, meetings kept
    # ahead) are the secretariat's: R only, which the seeded matrix gives the PMO alone.
    for perm in (CADENCE_PERM, SETTINGS_PERM, SECRETARY_PERM):
        rules.register(perm, PACK_PROCESS, letters="R")
