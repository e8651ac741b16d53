"""The lifecycle's board-level steps, decided as boards (PID s3.2, ``meetings.decisions``).

| step | board |
|---|---|
| an end-of-stage report (``services.decide_report``) | the Delivery Board, then the Partnership Board |
| an EIA (``assurance.decide_eia``) | the Delivery Board |
| the programme's closure (``services.closure_step(step="decide")``) | the Partnership Board |
| an Appendix 3 process the PID gives to a board (A), through ``services.decide`` (``PROCESS_BOARDS``) | its board |

(The PID gives "approval to proceed to the first stage" and "approve programme closure" to the Partnership Board.)

Each is recorded by the board's chair (``Body.chairs``) or the PMO as its secretary, at one of the board's meetings
in progress or held (it enters that meeting's decisions log, under the paper's agenda item when there is one) or as
a chair's action with its reason. Other members read and comment; they cannot decide. Decisions by individuals
(an SRO's, the Programme Director's) are untouched. Which Appendix 3 processes are a board's is read from the PID's
matrix as seeded (``core.raci.appendix3_rows``): a later edit of a tenant's letters does not turn a board's
decision into one member's.
"""

from core.choices import Role
from core.raci import appendix3_rows
from meetings import decisions
from programme.choices import BodyKind

DB, PB = BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD
BOARD_ROLES = {Role.DELIVERY_BOARD: DB, Role.PARTNERSHIP_BOARD: PB}

# The end-of-stage report's boards, by the ``board`` its decide step names (``workflows.BOARDS``).
REPORT_BOARDS = {"delivery_board": DB, "partnership_board": PB}
EIA_BOARD = DB
CLOSURE_BOARD = PB


def _process_boards():
    """{process key: board kind} of the Appendix 3 processes the PID makes a board accountable (A) for."""
    found = {}
    for _, key, _, letters in appendix3_rows():
        for role, kind in BOARD_ROLES.items():
            if "A" in letters.get(role, ""):
                found.setdefault(key, kind)
    return found


PROCESS_BOARDS = _process_boards()


def recorder_board(user, kind):
    """The active partnership's board of ``kind`` once ``user`` is known to record its decisions (403 first,
    naming who may: ``decisions.check_recorder``); None when ``kind`` is None (not a board's step)."""
    if kind is None:
        return None
    body = decisions.board(kind)
    decisions.check_recorder(user, body)
    return body


def page(user, kind):
    """What a page offering a board step needs: (the board, its meetings a decision may be recorded at, whether
    ``user`` may record it). The meetings are looked up only for those who may."""
    body = decisions.board(kind)
    may = decisions.may_record(user, body)
    return body, (decisions.recent_meetings(body) if may else []), may
