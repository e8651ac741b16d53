"""Who may act in the programme's lifecycle: every PID Appendix 3 process, guarded by the tenant's RACI matrix.

Every Appendix 3 process ``<key>`` (``core.raci.appendix3_rows``) has two permissions:

| permission | letters | meaning |
|---|---|---|
| ``lifecycle.perform_<key>`` | R | carry out the process (records a ``LifecycleAction``) |
| ``lifecycle.decide_<key>`` | A | approve or reject what was performed |
| ``lifecycle.comment_<key>`` | C | comment on what was performed (the consulted role is asked for its view) |

Where the PID gives a process's A to the Delivery or Partnership Board (``boards.PROCESS_BOARDS``: approval to
proceed to the first stage, approve programme closure), ``decide_<key>`` is the board's decision: only its chair or
the PMO as its secretary records it (``meetings.decisions.excluded_unless_recorder``), at a meeting or by chair's
action; the board's members comment.

Informed (I) roles, like consulted ones, are told of each action (``services.record``); every member may read the
log of actions.

The lifecycle's own items reuse them, or the product defaults (DOMAIN.md s3):

- prepare and submit an end-of-stage report: ``perform_prepare_for_the_next_stage`` (R, Programme Director);
- approve it: ``approve_endofstagereport_delivery_board`` then ``..._partnership_board``: each board decides as a
  board (``lifecycle.boards``), so only its chair or the PMO as its secretary records the decision;
- close the stage and start the next: ``perform_review_at_end_of_stage_and_close_the_stage`` (R);
- start / close a workstream or project: ``perform_start_workstreams_and_projects`` /
  ``perform_close_workstreams_and_projects`` (R);
- programme closure: ``perform_notify_programme_about_to_close``, ``perform_finish_programme_information``
  (closure report), ``perform_review_programme`` (post-implementation review),
  ``perform_confirm_redeployment_of_all_programme_resource``, ``perform_approve_programme_closure`` (submit, the
  joint SRO), ``decide_approve_programme_closure`` (approve: the Partnership Board as a board, recorded by its chair
  or the PMO),
  ``perform_disband_programme_organisation_and_team``;
- write an EIA: ``add_`` / ``change_equalityimpactassessment`` (edit_workstream R or A); sign it off:
  ``signoff_equalityimpactassessment`` (approve_eia R, the workstream SRO); approve it:
  ``approve_equalityimpactassessment`` (the Delivery Board as a board: its chair or the PMO records it);
- acceptance criteria: ``add_`` / ``change_qualitycriterion`` (edit_workstream R or A); record a Clinical
  Reference Group or Clinical Senate review: ``add_qualityreview`` (manage_information R: the PMO, information hub);
- lessons: ``add_lesson`` (every member), ``change_lesson`` (manage_information R: the PMO, custodian of lessons);
- the matrix itself: ``core.change_racientry`` (manage_information R, registered by ``programme.permissions``).

Editing a ``RaciEntry`` changes who may act at once: ``rules.load_access`` reads the matrix's version on every
request, and the matrix again whenever an edit has bumped it (``core.derived.remembered``).
"""

from core import rules
from core.raci import appendix3_rows
from lifecycle import boards
from meetings import decisions


def perform_perm(key):
    return f"lifecycle.perform_{key}"


def decide_perm(key):
    return f"lifecycle.decide_{key}"


def comment_perm(key):
    return f"lifecycle.comment_{key}"


def processes():
    """[(group, key, name)] of the Appendix 3 processes, in the PID's order."""
    return [(group, key, name) for group, key, name, _ in appendix3_rows()]


PROCESS_NAMES = {key: name for _, key, name in processes()}

EOS_PREPARE = perform_perm("prepare_for_the_next_stage")
EOS_APPROVE_DB = "lifecycle.approve_endofstagereport_delivery_board"
EOS_APPROVE_PB = "lifecycle.approve_endofstagereport_partnership_board"
CLOSE_STAGE = perform_perm("review_at_end_of_stage_and_close_the_stage")
START = perform_perm("start_workstreams_and_projects")
CLOSE = perform_perm("close_workstreams_and_projects")
NOTIFY_CLOSE = perform_perm("notify_programme_about_to_close")
CLOSURE_REPORT = perform_perm("finish_programme_information")
REVIEW = perform_perm("review_programme")
REDEPLOY = perform_perm("confirm_redeployment_of_all_programme_resource")
SUBMIT_CLOSURE = perform_perm("approve_programme_closure")
APPROVE_CLOSURE = decide_perm("approve_programme_closure")
DISBAND = perform_perm("disband_programme_organisation_and_team")
EIA_CHANGE = "lifecycle.change_equalityimpactassessment"
EIA_SIGN_OFF = "lifecycle.signoff_equalityimpactassessment"
EIA_APPROVE = "lifecycle.approve_equalityimpactassessment"
QUALITY_CHANGE = "lifecycle.change_qualitycriterion"
QUALITY_REVIEW = "lifecycle.add_qualityreview"
LESSON_ADD = "lifecycle.add_lesson"
LESSON_CHANGE = "lifecycle.change_lesson"
RACI_CHANGE = "core.change_racientry"
RACI_KEEPER = "manage_information"  # the process whose R may edit the matrix: never left without one


def _board(kind):
    return {"excluded": decisions.excluded_unless_recorder(kind)}


def register_rules():
    for _, key, _ in processes():
        rules.register(perform_perm(key), key, "R")
        if key in boards.PROCESS_BOARDS:
            rules.register(decide_perm(key), None, **_board(boards.PROCESS_BOARDS[key]))
        else:
            rules.register(decide_perm(key), key, "A")
        rules.register(comment_perm(key), key, "C")
    rules.register(EOS_APPROVE_DB, None, **_board(boards.REPORT_BOARDS["delivery_board"]))
    rules.register(EOS_APPROVE_PB, None, **_board(boards.REPORT_BOARDS["partnership_board"]))
    rules.register("lifecycle.add_equalityimpactassessment", "edit_workstream", "RA")
    rules.register(EIA_CHANGE, "edit_workstream", "RA")
    rules.register(EIA_SIGN_OFF, "approve_eia", "R")
    rules.register(EIA_APPROVE, None, **_board(boards.EIA_BOARD))
    rules.register("lifecycle.add_qualitycriterion", "edit_workstream", "RA")
    rules.register(QUALITY_CHANGE, "edit_workstream", "RA")
    rules.register(QUALITY_REVIEW, "manage_information", "R")
    rules.register(LESSON_ADD, None)
    rules.register(LESSON_CHANGE, "manage_information", "R")


def ready():
    """Rules, the navigation entry and the demo loader (called once from ``LifecycleConfig.ready``)."""
    import core.demo
    from core import navigation
    from lifecycle import demo

    register_rules()
    navigation.register("Lifecycle", "lifecycle:overview", order=15, section="lifecycle")
    core.demo.register(70, demo.load)
