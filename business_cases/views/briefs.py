"""Briefs (mandates) for new workstreams and projects (PID s3.4.2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from business_cases import services
from business_cases.choices import BriefKind, BriefStatus
from business_cases.filtersets import BriefFilterSet
from business_cases.forms import BoardNoteForm, BoardRequiredNoteForm, BriefForm
from business_cases.models import Brief
from business_cases.rules import BOARDS
from business_cases.workflows import BRIEF, DECIDE_BRIEF
from core import rules
from core.exceptions import DOMAIN_ERRORS
from core.forms import save_form
from core.views import refuse, report
from meetings import decisions
from meetings.decisions import HowDecided
from programme.models import Workstream


def briefs_queryset():
    return Brief.objects.select_related("workstream", "author", "submitted_by", "decided_by", "admitted_project",
                                        "admitted_workstream")


@login_required
def brief_list(request):
    filterset = BriefFilterSet(request.GET, queryset=briefs_queryset(), request=request)
    return render(request, "business_cases/briefs.html", {
        "filterset": filterset, "briefs": list(filterset.qs), "can_add": may_add_brief(request.user, request.tenant),
    })


def may_add_brief(user, tenant):
    """Whether the user may put a brief forward anywhere: for a new workstream, or a project in some workstream."""
    if user.has_perm("business_cases.add_brief", Brief(tenant=tenant, kind=BriefKind.WORKSTREAM)):
        return True
    return any(user.has_perm("business_cases.add_brief", Brief(tenant=tenant, kind=BriefKind.PROJECT,
                                                               workstream_id=pk))
               for pk in Workstream.objects.values_list("pk", flat=True))


@login_required
def brief_detail(request, pk):
    brief = get_object_or_404(briefs_queryset(), pk=pk)
    user = request.user
    can_decide = BRIEF.may(user, brief, "approve")
    board = decisions.board(BOARDS[DECIDE_BRIEF])
    return render(request, "business_cases/brief_detail.html", {
        "brief": brief,
        "can_edit": brief.status == BriefStatus.DRAFT and user.has_perm("business_cases.change_brief", brief),
        "can_submit": BRIEF.may(user, brief, "submit"),
        "can_decide": can_decide,  # approve and reject are the same permission
        "board": board, "board_meetings": decisions.recent_meetings(board) if can_decide else [],
        "history": brief.history.select_related("history_user").order_by("-history_date")[:20],
    })


@login_required
def brief_form(request, pk=None):
    brief = get_object_or_404(Brief.objects.all(), pk=pk) if pk else None
    if brief is not None:
        if not request.user.has_perm("business_cases.change_brief", brief):
            return refuse(request, "business_cases.change_brief", brief)
        if brief.status != BriefStatus.DRAFT:
            messages.error(request, "Only a draft brief can be changed.")
            return redirect("business_cases:brief", brief.pk)
    form = BriefForm(request.POST or None, instance=brief, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        candidate = form.instance
        perm = "business_cases.change_brief" if brief else "business_cases.add_brief"
        if not request.user.has_perm(perm, candidate):
            form.add_error(None, "You may not put briefs forward there. " + rules.describe_refusal(perm, candidate))
        else:
            if brief is None:
                candidate.author = request.user
            candidate._history_user = request.user
            saved = save_form(form)  # a database refusal becomes a form error
            if saved is not None:
                messages.success(request, f"The brief '{saved.title}' was saved.")
                return redirect("business_cases:brief", saved.pk)
    return render(request, "business_cases/brief_form.html", {"form": form, "brief": brief},
                  status=400 if form.errors else 200)


BRIEF_STEPS = {
    "submit": (None, lambda b, u, d: services.submit_brief(b, u), "was submitted to the Delivery Board"),
    "approve": (BoardNoteForm, lambda b, u, d: services.approve_brief(b, u, d["note"], how=HowDecided.from_data(d)),
                "was approved in principle and the new work admitted to the programme"),
    "reject": (BoardRequiredNoteForm,
               lambda b, u, d: services.reject_brief(b, u, d["note"], how=HowDecided.from_data(d)), "was rejected"),
}


@login_required
@require_POST
def brief_step(request, pk, name):
    if name not in BRIEF_STEPS:
        raise Http404("No such step.")
    brief = get_object_or_404(Brief.objects.all(), pk=pk)
    form_class, run, done = BRIEF_STEPS[name]
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("business_cases:brief", brief.pk)
        data = form.cleaned_data
    try:
        run(brief, request.user, data)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, f"The brief '{brief.title}' {done}.")
    return redirect("business_cases:brief", brief.pk)
