"""The browser's side of the lifecycle's board steps (``lifecycle.boards``): the form a page offers the board's chair
or the PMO, what it tells everyone else, and the POST that records the decision.

A POST by someone who may not record the board's decision gets the 403 page saying who may; a decision without a
meeting or chair's action (or at another board's, a cancelled or a future meeting) gets the page again with the form's
errors, naming the field (400); a step the paper's state forbids, the page again with the message (409). Nothing is
saved unless the decision is recorded, in the board's decisions log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from core.exceptions import DomainError, PermissionRefused, message_of
from core.forms import errors_onto
from core.views import refuse
from meetings import decisions

from . import boards
from .forms import BoardStepForm


def board_form(request, kind, data=None, note_label=None):
    """The ``BoardStepForm`` of the board of ``kind`` for ``request.user``, or None when they may not record its
    decisions (the page then offers no form)."""
    body, meetings, may = boards.page(request.user, kind)
    if not may:
        return None
    return BoardStepForm(data, board=body, meetings=meetings, tenant=request.tenant, note_label=note_label)


def awaiting(kind, waiting):
    """What a page says of a paper awaiting the board of ``kind`` (``waiting``): who records the decision, and how."""
    if not waiting:
        return ""
    body = decisions.board(kind)
    if body is None:
        return ""
    return (f"This awaits the {body}'s decision, taken as a board: {decisions.recorders(body)} records it, at one of "
            "its meetings or as a chair's action. Members may read it and comment.")


def decisions_of(paper):
    """The board decisions recorded on ``paper``, for its page."""
    return list(decisions.decisions_on(paper).select_related("recorded_by"))


def run_board_step(request, kind, call, done, page, back, note_label=None):
    """Handle the POST of a board's step: ``call(form)`` runs the service with the valid ``BoardStepForm``;
    ``page(form, status)`` renders the page again with its errors; ``back`` is where a success returns."""
    body, meetings, may = boards.page(request.user, kind)
    if not may:
        try:
            boards.recorder_board(request.user, kind)
        except PermissionRefused as exc:
            return refuse(request, exc)
    form = BoardStepForm(request.POST, board=body, meetings=meetings, tenant=request.tenant, note_label=note_label)
    if not form.is_valid():
        return page(form, 400)
    try:
        call(form)
    except PermissionRefused as exc:
        return refuse(request, exc)
    except ValidationError as exc:
        errors_onto(form, exc)
        return page(form, 400)
    except DomainError as exc:  # the paper's state forbids the step (WrongState)
        form.add_error(None, message_of(exc))
        return page(form, 409)
    messages.success(request, done)
    return redirect(back)
