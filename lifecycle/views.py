"""Browser pages of the programme lifecycle: the stage plan with its end-of-stage reports, the Appendix 3
processes (perform, decide or comment, for those the matrix allows; the matrix edited by the PMO), starting and
closing workstreams and projects, programme closure, EIAs with the Equality Statement, quality criteria and
reviews, and the lessons learned log. The buttons of a report, an EIA and the closure are the steps of
``lifecycle.workflows`` the user may take now; others are offered only to those ``user.has_perm`` allows. Every
POST goes through the same services as the API: a refusal is a message or a form error (400, 403 or 409), and
nothing is saved. The boards' steps (a report's, an EIA's and the closure's decisions, a board's Appendix 3 process)
are offered only to the board's chair and the PMO, with how the board decided (``board_views``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import registry
from core import views as core_views
from core.exceptions import DomainError, PermissionRefused, WrongState, message_of
from core.forms import errors_onto, save_form
from core.history import change_log, entries, history_limit
from core.models import RaciEntry
from core.views import refuse
from lifecycle.choices import (
    ClosureStatus,
    ReportStatus,
    WorkstreamStatus,
)
from lifecycle.models import (
    EndOfStageReport,
    LifecycleAction,
    ProgrammeClosure,
    WorkstreamLifecycle,
)
from programme.choices import ProjectStage
from programme.models import Project, Stage, Workstream

from . import boards, permissions, services, workflows
from .board_views import awaiting, board_form, decisions_of, run_board_step
from .forms import (
    CloseForm,
    RaciForm,
    ReportForm,
    StartProjectForm,
    StartWorkstreamForm,
)
from .workflows import CLOSURE, REPORT, allowed


def _run(request, call, done):
    """Run a service call; a refusal (403/409) or a 400 becomes an error message. True when it ran."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:  # each on its own line
            messages.error(request, message)
        return False
    except DomainError as exc:
        core_views.report(request, exc)
        return False
    messages.success(request, done)
    return True


def _submit(request, form, call):
    """A form page's submission: what ``_apply`` answers for a valid posted form, (None, 400) for an invalid one,
    and (None, 200) when nothing was posted."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    return _apply(form, call)


def _apply(form, call):
    """Run a service call for a valid form: (its result, 200), or (None, 400/403/409) with the refusal put on the
    form, on the field it names where the form has one."""
    try:
        result = save_form(form, call)  # a database refusal becomes a form error
        return (None, 400) if form.errors else (result, 200)
    except ValidationError as exc:
        errors_onto(form, exc)
        return None, 400
    except DomainError as exc:
        form.add_error(None, message_of(exc))
        return None, 403 if isinstance(exc, PermissionRefused) else 409 if isinstance(exc, WrongState) else 400


def _posted(request):
    """The form data of a POST (even an empty one), or None to show the form unbound."""
    return request.POST if request.method == "POST" else None


# Stages and end-of-stage reports --------------------------------------------------------------------------------

@login_required
def overview(request):
    stages = list(Stage.objects.order_by("sequence"))
    reports = {}
    for report in EndOfStageReport.objects.select_related("stage").order_by("pk"):
        reports[report.stage_id] = report
    prepare = request.user.has_perm(permissions.EOS_PREPARE, services.candidate())
    return render(request, "lifecycle/overview.html", {
        "rows": [(stage, reports.get(stage.pk)) for stage in stages], "may_prepare": prepare,
        "closure": services.current_closure(),
        "recent": LifecycleAction.objects.select_related("actor")[:10],
    })


@login_required
def report_new(request, stage_pk):
    stage = get_object_or_404(Stage.objects.all(), pk=stage_pk)
    probe = EndOfStageReport(tenant=request.tenant, stage=stage)
    if not request.user.has_perm(permissions.EOS_PREPARE, probe):
        return refuse(request, permissions.EOS_PREPARE, probe)
    form = ReportForm(_posted(request))
    report, status = _submit(request, form, lambda: services.prepare_report(request.user, stage, **form.cleaned_data))
    if report is not None:
        messages.success(request, "End-of-stage report drafted.")
        return redirect("lifecycle:report", report.pk)
    return render(request, "lifecycle/report_form.html", {"form": form, "stage": stage}, status=status)


@login_required
def report_edit(request, pk):
    report = get_object_or_404(EndOfStageReport.objects.select_related("stage"), pk=pk)
    if not request.user.has_perm(permissions.EOS_PREPARE, report):
        return refuse(request, permissions.EOS_PREPARE, report)
    if not REPORT.can_leave(report, "edit"):
        messages.error(request, workflows.wrong_state(REPORT, report, "edit"))
        return redirect("lifecycle:report", report.pk)
    initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
    initial["lessons"] = list(report.lessons.values_list("pk", flat=True))
    form = ReportForm(_posted(request), initial=initial)
    saved, status = _submit(request, form, lambda: services.update_report(report, request.user, **form.cleaned_data))
    if saved is not None:
        messages.success(request, "End-of-stage report saved.")
        return redirect("lifecycle:report", report.pk)
    return render(request, "lifecycle/report_form.html", {"form": form, "stage": report.stage, "report": report},
                  status=status)


REPORT_AWAITS = {ReportStatus.SUBMITTED: "delivery_board", ReportStatus.DELIVERY_APPROVED: "partnership_board"}
REPORT_NOTE = "Note on the decision (needed to reject)"


def _report_page(request, report, board_step=None, board=None, status=200):
    can = {name: True for name in allowed(REPORT, request.user, report)}  # the buttons: workflows.REPORT
    board = board or next((name for name in workflows.BOARDS if can.get(name)), None)
    if board_step is None and board is not None and can.get(board):
        board_step = board_form(request, boards.REPORT_BOARDS[board], note_label=REPORT_NOTE)
    waits = REPORT_AWAITS.get(report.status)
    return render(request, "lifecycle/report.html", {
        "report": report, "can": can, "lessons": report.lessons.select_related("learned_by", "stage", "workstream"),
        "history": change_log(report, limit=history_limit(request)), "next_stage": services.next_stage(report.stage),
        "board_step": board_step, "board_name": board, "board_decisions": decisions_of(report),
        "awaiting": awaiting(boards.REPORT_BOARDS[waits], board_step is None) if waits else "",
    }, status=status)


@login_required
def report(request, pk):
    return _report_page(request, get_object_or_404(EndOfStageReport.objects.select_related("stage"), pk=pk))


def _decide_report(request, report):
    """A board's decision on the report, by its chair or the PMO (``board_views.run_board_step``)."""
    board = request.POST.get("board", "")
    if board not in workflows.BOARDS:
        messages.error(request, "Use delivery_board or partnership_board.")
        return redirect("lifecycle:report", report.pk)

    def call(form):
        data = form.cleaned_data
        services.decide_report(report, request.user, board, data["decision"], data["note"], how=form.how())

    def page(form, status):
        fresh = EndOfStageReport.objects.select_related("stage").get(pk=report.pk)
        return _report_page(request, fresh, form, board, status)

    return run_board_step(request, boards.REPORT_BOARDS[board], call, "Decision recorded in the board's decisions log.",
                          page, reverse("lifecycle:report", args=[report.pk]), note_label=REPORT_NOTE)


@login_required
@require_POST
def report_action(request, pk, what):
    report = get_object_or_404(EndOfStageReport.objects.all(), pk=pk)
    user, post = request.user, request.POST
    if what == "decide":
        return _decide_report(request, report)
    calls = {
        "submit": (lambda: services.submit_report(report, user), "Submitted to the Delivery Board."),
        "close": (lambda: services.close_stage(report, user, post.get("note", "")),
                  "Stage closed; the next stage has started."),
    }
    if what not in calls:
        raise Http404
    _run(request, *calls[what])
    return redirect("lifecycle:report", report.pk)


# The Appendix 3 processes and the matrix ------------------------------------------------------------------------

def _letters_by_process():
    letters = {}
    for process, role, held in RaciEntry.objects.exclude(letters="").values_list("process", "role", "letters"):
        letters.setdefault(process, []).append(f"{role.replace('_', ' ')}: {held}")
    return letters


@login_required
def processes(request):
    letters = _letters_by_process()
    rows = []
    for group, key, name in permissions.processes():
        may_perform, may_decide, may_comment = services.may(request.user, key)
        rows.append({"group": group, "key": key, "name": name, "letters": letters.get(key, []),
                     "may_perform": may_perform, "may_decide": may_decide, "may_comment": may_comment,
                     "board": boards.PROCESS_BOARDS.get(key),
                     "last": LifecycleAction.objects.filter(process=key).select_related("actor").first()})
    return render(request, "lifecycle/processes.html", {"rows": rows})


def _process_page(request, key, raci_form=None, status=200, board_step=None):
    group, name = next((group, name) for group, k, name in permissions.processes() if k == key)
    cells = list(RaciEntry.objects.filter(process=key))
    may_perform, may_decide, may_comment = services.may(request.user, key)
    kind = boards.PROCESS_BOARDS.get(key)
    if kind is not None and board_step is None and may_decide:
        board_step = board_form(request, kind)
    may_edit = bool(cells) and request.user.has_perm(permissions.RACI_CHANGE, cells[0])
    if raci_form is None and may_edit:
        raci_form = RaciForm(entries=cells)
    records = RaciEntry.history.filter(process=key).select_related("history_user")
    matrix_history = [entry for entry in entries(RaciEntry, records, subject=lambda record: record.get_role_display())
                      if entry["type"] == "changed"]
    matrix_history.sort(key=lambda entry: entry["when"], reverse=True)
    return render(request, "lifecycle/process.html", {
        "key": key, "group": group, "name": name, "cells": [cell for cell in cells if cell.letters],
        "may_perform": may_perform, "may_decide": may_decide, "may_comment": may_comment, "may_edit": may_edit,
        "raci_form": raci_form if may_edit else None, "matrix_history": matrix_history,
        "actions": LifecycleAction.objects.filter(process=key).select_related("actor", "decides")[:50],
        "board_step": board_step, "awaiting": awaiting(kind, board_step is None) if kind else "",
    }, status=status)


@login_required
def process(request, key):
    if key not in permissions.PROCESS_NAMES:
        raise Http404
    return _process_page(request, key)


@login_required
@require_POST
def process_raci(request, key):
    """The PMO edits the process's row of the matrix (R for 'manage information'); it takes effect at once."""
    if key not in permissions.PROCESS_NAMES:
        raise Http404
    cells = list(RaciEntry.objects.filter(process=key))
    if not cells or not request.user.has_perm(permissions.RACI_CHANGE, cells[0]):
        return refuse(request, permissions.RACI_CHANGE, cells[0] if cells else None)
    form = RaciForm(request.POST, entries=cells)
    changed, status = _submit(request, form, lambda: services.set_letters(request.user, form.changes(),
                                                                         form.cleaned_data["reason"]))
    if changed is not None:
        messages.success(request, f"{len(changed)} cell{'s' if len(changed) != 1 else ''} of the matrix changed."
                         if changed else "Nothing had changed.")
        return redirect("lifecycle:process", key)
    return _process_page(request, key, form, status)


@login_required
@require_POST
def process_action(request, key, what):
    if key not in permissions.PROCESS_NAMES:
        raise Http404
    note = request.POST.get("note", "")
    kind = boards.PROCESS_BOARDS.get(key)
    if what == "decide" and kind is not None:
        return run_board_step(
            request, kind, lambda form: services.decide(request.user, key, decision=form.cleaned_data["decision"],
                                                        note=form.cleaned_data["note"], how=form.how()),
            "Decision recorded in the board's decisions log.",
            lambda form, status: _process_page(request, key, status=status, board_step=form),
            reverse("lifecycle:process", args=[key]))
    if what == "perform":
        _run(request, lambda: services.perform(request.user, key, note=note), "Recorded as performed.")
    elif what == "decide":
        decision = request.POST.get("decision", "")
        _run(request, lambda: services.decide(request.user, key, decision=decision, note=note), "Decision recorded.")
    elif what == "comment":
        _run(request, lambda: services.comment(request.user, key, note=note), "Comment recorded.")
    else:
        raise Http404
    if request.POST.get("back") == "process":
        return redirect("lifecycle:process", key)
    return redirect(reverse("lifecycle:processes") + f"#process-{key}")


# Workstreams and projects: start and close --------------------------------------------------------------------

def _open_workstreams():
    return Workstream.objects.exclude(lifecycle__status=WorkstreamStatus.CLOSED).order_by("name")


def _workstreams_page(request, workstream_form=None, project_form=None, status=200):
    user = request.user
    may_start = user.has_perm(permissions.START, services.candidate(process="start_workstreams_and_projects"))
    statuses = dict(WorkstreamLifecycle.objects.values_list("workstream_id", "status"))
    workstreams = list(Workstream.objects.select_related("sro", "lead").order_by("name"))
    projects = {}
    for project in Project.objects.select_related("manager").order_by("name"):
        projects.setdefault(project.workstream_id, []).append(project)
    rows = []
    for workstream in workstreams:
        state = statuses.get(workstream.pk, WorkstreamStatus.ACTIVE)
        probe = services.candidate(process="close_workstreams_and_projects", workstream=workstream)
        may_close = user.has_perm(permissions.CLOSE, probe)
        rows.append({"workstream": workstream, "status": WorkstreamStatus(state).label,
                     "closed": state == WorkstreamStatus.CLOSED, "may_close": may_close,
                     "projects": projects.get(workstream.pk, [])})
    if may_start:
        workstream_form = workstream_form or StartWorkstreamForm(tenant=request.tenant)
        project_form = project_form or StartProjectForm(tenant=request.tenant, workstreams=_open_workstreams())
    return render(request, "lifecycle/workstreams.html", {
        "rows": rows, "may_start": may_start, "workstream_form": workstream_form, "project_form": project_form,
        "closed_stage": ProjectStage.CLOSED,
    }, status=status)


@login_required
def workstreams(request):
    return _workstreams_page(request)


@login_required
@require_POST
def start_workstream(request):
    form = StartWorkstreamForm(request.POST, tenant=request.tenant)
    workstream, status = _submit(request, form, lambda: services.start_workstream(request.user, **form.cleaned_data))
    if workstream is not None:
        messages.success(request, f"Workstream '{workstream}' started.")
        return redirect("lifecycle:workstreams")
    return _workstreams_page(request, workstream_form=form, status=status)


@login_required
@require_POST
def start_project(request):
    form = StartProjectForm(request.POST, tenant=request.tenant, workstreams=_open_workstreams())
    project, status = _submit(request, form, lambda: services.start_project(request.user, **form.cleaned_data))
    if project is not None:
        messages.success(request, f"Project '{project}' started in {project.workstream}; it is starting up.")
        return redirect("lifecycle:workstreams")
    return _workstreams_page(request, project_form=form, status=status)


def _close(request, target, is_project):
    where = {"project": target, "workstream": target.workstream} if is_project else {"workstream": target}
    probe = services.candidate(process="close_workstreams_and_projects", **where)
    if not request.user.has_perm(permissions.CLOSE, probe):
        return refuse(request, permissions.CLOSE, target)
    closed = (target.stage == ProjectStage.CLOSED if is_project
              else services.workstream_status(target) == WorkstreamStatus.CLOSED)
    items = [] if closed else [item for _, item in services.to_hand_over(target)]
    form = CloseForm(_posted(request), tenant=request.tenant, items=items)
    done, status = None, 200
    if not closed:
        done, status = _submit(request, form, lambda: services.close(request.user, target, form.cleaned_data["note"],
                                                                     form.handovers()))
    if done is not None:
        messages.success(request, f"{'Project' if is_project else 'Workstream'} '{target}' closed.")
        return redirect("lifecycle:workstreams")
    return render(request, "lifecycle/close.html", {
        "target": target, "is_project": is_project, "closed": closed, "form": form,
        "blockers": [] if closed else services.open_blockers(target),
        "has_handovers": bool(registry.handovers()),
    }, status=status)


@login_required
def close_workstream(request, pk):
    return _close(request, get_object_or_404(Workstream.objects.all(), pk=pk), is_project=False)


@login_required
def close_project(request, pk):
    return _close(request, get_object_or_404(Project.objects.select_related("workstream"), pk=pk), is_project=True)


# Programme closure ---------------------------------------------------------------------------------------------

CLOSURE_TEXT = {
    "report": "The closure report",
    "review": "The post-implementation review",
    "redeploy": "How the programme's resources are redeployed (optional)",
}


CLOSURE_NOTE = "Note on the decision"


def _closure_page(request, board_step=None, status=200):
    closure = services.current_closure()
    # The steps of workflows.CLOSURE the user may take now; before anyone notified, of a closure not yet started.
    offered = allowed(CLOSURE, request.user, closure or ProgrammeClosure(tenant=request.tenant))
    steps = [{"step": step.name, "name": step.label, "text": CLOSURE_TEXT.get(step.name)}
             for step in CLOSURE if step.name in offered]
    if board_step is None and "decide" in offered:
        board_step = board_form(request, boards.CLOSURE_BOARD, note_label=CLOSURE_NOTE)
    submitted = closure is not None and closure.status == ClosureStatus.SUBMITTED
    return render(request, "lifecycle/closure.html", {
        "closure": closure, "steps": steps, "statuses": ClosureStatus,
        "history": change_log(closure, limit=history_limit(request)) if closure else [], "board_step": board_step,
        "board_decisions": decisions_of(closure) if closure else [],
        "awaiting": awaiting(boards.CLOSURE_BOARD, submitted and board_step is None),
    }, status=status)


@login_required
def closure(request):
    return _closure_page(request)


@login_required
@require_POST
def closure_action(request, step):
    if step not in CLOSURE.transitions:
        raise Http404
    if step == "decide":
        return run_board_step(
            request, boards.CLOSURE_BOARD,
            lambda form: services.closure_step(request.user, "decide", form.cleaned_data["note"],
                                               form.cleaned_data["decision"], how=form.how()),
            "Decision recorded in the Partnership Board's decisions log.",
            lambda form, status: _closure_page(request, form, status), reverse("lifecycle:closure"),
            note_label=CLOSURE_NOTE)
    _run(request, lambda: services.closure_step(request.user, step, request.POST.get("text", ""),
                                                request.POST.get("decision", "approve")), "Recorded.")
    return redirect("lifecycle:closure")
