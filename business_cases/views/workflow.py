"""POST-only workflow steps from a case's page; each calls one service and reports back on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from business_cases import services
from business_cases.forms import BoardNoteForm, BoardRequiredNoteForm, ReasonForm
from core.exceptions import DOMAIN_ERRORS
from core.views import report
from meetings.decisions import HowDecided

from .common import get_case

how = HowDecided.from_data  # a board's step: its meeting, or a chair's action

STEPS = {
    "submit": (None, lambda case, user, data: services.submit(case, user),
               lambda case: f"{case.ref} was submitted to the Delivery Board."),
    "recommend": (BoardNoteForm, lambda case, user, data: services.recommend(case, user, data["note"], how=how(data)),
                  lambda case: f"{case.ref} was recommended to the Partnership Board."),
    "approve": (BoardNoteForm, lambda case, user, data: services.approve(case, user, data["note"], how=how(data)),
                lambda case: f"{case.ref}'s {case.get_document_type_display()} was approved."),
    "reject": (BoardRequiredNoteForm,
               lambda case, user, data: services.reject(case, user, data["note"], how=how(data)),
               lambda case: f"{case.ref} was rejected."),
    "withdraw": (ReasonForm, lambda case, user, data: services.withdraw(case, user, data["reason"]),
                 lambda case: f"{case.ref} was withdrawn: it authorises no work and its resources are released."),
    "revise": (None, lambda case, user, data: services.revise(case, user),
               lambda case: f"{case.ref} is a draft again: revise it and submit it as a new version."),
    "start-fbc": (None, lambda case, user, data: services.start_fbc(case, user),
                  lambda case: f"{case.ref}'s Full Business Case was begun: write each section in detail."),
}


@login_required
@require_POST
def step(request, pk, name):
    if name not in STEPS:
        raise Http404("No such step.")
    case = get_case(request, pk)
    form_class, run, success = STEPS[name]
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("business_cases:detail", case.pk)
        data = form.cleaned_data
    try:
        case = run(case, request.user, data)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
        if name == "submit":
            return redirect("business_cases:edit", case.pk)
    else:
        messages.success(request, success(case))
    return redirect("business_cases:detail", case.pk)
