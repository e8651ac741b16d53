"""Browser pages of the programme lifecycle: the stage plan with its end-of-stage reports, the Appendix 3
processes (perform or decide, for those the matrix allows), programme closure, EIAs with the Equality Statement,
quality reviews and the lessons learned log. Every button is offered only to those ``user.has_perm`` allows,
and every POST goes through the same services as the API (refusals come back as messages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from rest_framework.exceptions import APIException

from programme.history import change_log
from programme.models import (
    EndOfStageReport,
    EqualityImpactAssessment,
    LifecycleAction,
    QualityCriterion,
    RaciEntry,
    Stage,
)
from programme.models.lifecycle import ClosureStatus, EiaStatus, ReportStatus

from . import assurance, permissions, services
from .choices import DIMENSIONS, DOMAINS, EQUALITY_STATEMENT, EQUALITY_STATEMENT_TITLE, RATINGS
from .forms import LessonForm, LessonSearchForm, ReportForm


def _run(request, call, done):
    """Run a service call; a refusal (403/409) or a 400 becomes an error message. True when it ran."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    except APIException as exc:
        messages.error(request, str(exc.detail))
        return False
    messages.success(request, done)
    return True


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
def processes(request):
    letters = {}
    for process, role, held in RaciEntry.objects.exclude(letters="").values_list("process", "role", "letters"):
        letters.setdefault(process, []).append(f"{role.replace('_', ' ')}: {held}")
    rows = []
    for group, key, name in permissions.processes():
        may_perform, may_decide = services.may(request.user, key)
        rows.append({"group": group, "key": key, "name": name, "letters": letters.get(key, []),
                     "may_perform": may_perform, "may_decide": may_decide,
                     "last": LifecycleAction.objects.filter(process=key).select_related("actor").first()})
    return render(request, "lifecycle/processes.html", {"rows": rows})


@login_required
@require_POST
def process_action(request, key, what):
    if key not in permissions.PROCESS_NAMES:
        return redirect("lifecycle:processes")
    note = request.POST.get("note", "")
    if what == "perform":
        _run(request, lambda: services.perform(request.user, key, note=note), "Recorded as performed.")
    else:
        decision = request.POST.get("decision", "approve")
        _run(request, lambda: services.decide(request.user, key, decision=decision, note=note), "Decision recorded.")
    return redirect("lifecycle:processes")


@login_required
def report_new(request, stage_pk):
    stage = get_object_or_404(Stage.objects.all(), pk=stage_pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = {}
        if _run(request, lambda: holder.setdefault("r", services.prepare_report(request.user, stage,
                                                                                   **form.cleaned_data)),
                "End-of-stage report drafted."):
            return redirect("lifecycle:report", holder["r"].pk)
    return render(request, "lifecycle/report_form.html", {"form": form, "stage": stage})


@login_required
def report(request, pk):
    report = get_object_or_404(EndOfStageReport.objects.select_related("stage"), pk=pk)
    user = request.user
    can = {
        "submit": report.status in (ReportStatus.DRAFT, ReportStatus.REJECTED)
        and user.has_perm(permissions.EOS_PREPARE, report),
        "delivery_board": report.status == ReportStatus.SUBMITTED and user.has_perm(permissions.EOS_APPROVE_DB, report),
        "partnership_board": report.status == ReportStatus.DELIVERY_APPROVED
        and user.has_perm(permissions.EOS_APPROVE_PB, report),
        "close": report.status == ReportStatus.APPROVED and not report.stage_closed_at
        and user.has_perm(permissions.CLOSE_STAGE, report),
    }
    return render(request, "lifecycle/report.html", {
        "report": report, "can": can, "lessons": report.lessons.all(), "history": change_log(report),
        "next_stage": services.next_stage(report.stage),
    })


@login_required
@require_POST
def report_action(request, pk, what):
    report = get_object_or_404(EndOfStageReport.objects.all(), pk=pk)
    user, post = request.user, request.POST
    calls = {
        "submit": (lambda: services.submit_report(report, user), "Submitted to the Delivery Board."),
        "decide": (lambda: services.decide_report(report, user, post.get("board", ""), post.get("decision", ""),
                                                  post.get("note", "")), "Decision recorded."),
        "close": (lambda: services.close_stage(report, user, post.get("note", "")),
                  "Stage closed; the next stage has started."),
    }
    if what in calls:
        _run(request, *calls[what])
    return redirect("lifecycle:report", report.pk)


@login_required
def closure(request):
    closure = services.current_closure()
    steps = []
    for step, (statuses, perm, key) in services.CLOSURE_STEPS.items():
        ready = closure is None if step == "notify" else closure is not None and closure.status in statuses
        steps.append({"step": step, "name": permissions.PROCESS_NAMES[key], "ready": ready,
                      "may": request.user.has_perm(perm, closure or services.candidate())})
    return render(request, "lifecycle/closure.html", {"closure": closure, "steps": steps,
                                                      "statuses": ClosureStatus})


@login_required
@require_POST
def closure_action(request, step):
    if step in services.CLOSURE_STEPS:
        _run(request, lambda: services.closure_step(request.user, step, request.POST.get("text", ""),
                                                    request.POST.get("decision", "approve")), "Recorded.")
    return redirect("lifecycle:closure")


@login_required
def eias(request):
    return render(request, "lifecycle/eias.html", {
        "eias": EqualityImpactAssessment.objects.select_related("workstream"),
        "statement_title": EQUALITY_STATEMENT_TITLE, "statement": EQUALITY_STATEMENT,
    })


@login_required
def eia(request, pk):
    eia = get_object_or_404(EqualityImpactAssessment.objects.select_related("workstream"), pk=pk)
    user = request.user
    return render(request, "lifecycle/eia.html", {
        "eia": eia, "rows": eia.characteristics.all(), "history": change_log(eia),
        "may_sign_off": eia.status in assurance.EDITABLE_EIA and user.has_perm(permissions.EIA_SIGN_OFF, eia),
        "may_decide": eia.status == EiaStatus.SIGNED_OFF and user.has_perm(permissions.EIA_APPROVE, eia),
        "statement_title": EQUALITY_STATEMENT_TITLE, "statement": EQUALITY_STATEMENT,
    })


@login_required
@require_POST
def eia_action(request, pk, what):
    eia = get_object_or_404(EqualityImpactAssessment.objects.all(), pk=pk)
    if what == "sign-off":
        _run(request, lambda: assurance.sign_off_eia(eia, request.user), "Signed off.")
    elif what == "decide":
        _run(request, lambda: assurance.decide_eia(eia, request.user, request.POST.get("decision", ""),
                                                   request.POST.get("note", "")), "Decision recorded.")
    return redirect("lifecycle:eia", eia.pk)


@login_required
def quality(request):
    criteria = list(QualityCriterion.objects.select_related("workstream").prefetch_related("reviews"))
    ratings = dict(RATINGS)
    for criterion in criteria:
        for review in criterion.reviews.all():
            review.rows = [(label, ratings.get(review.dimensions.get(key), "–")) for key, label in DIMENSIONS]
            review.rows += [(label, ratings.get(review.domains.get(key), "–")) for key, label in DOMAINS]
    return render(request, "lifecycle/quality.html", {"criteria": criteria})


@login_required
def lessons(request):
    search = LessonSearchForm(request.GET or None)
    text = search.cleaned_data.get("q", "") if search.is_valid() else ""
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(request, lambda: assurance.add_lesson(request.user, **form.cleaned_data), "Lesson logged."):
            return redirect("lifecycle:lessons")
    return render(request, "lifecycle/lessons.html", {
        "search": search, "form": form, "lessons": assurance.search_lessons(text)[:200], "q": text,
    })
