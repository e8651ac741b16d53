"""Browser pages of the lifecycle's assurance (PID s3.6, s4.5, s4.6): equality impact assessments with the Equality
Statement (written by the workstream, signed off by its SRO, decided by the Delivery Board as a board:
``board_views``), quality criteria and their Clinical Reference Group or Clinical Senate reviews, and the lessons
learned log. The same contract as ``views``: every POST goes through the services; a refusal is a form error or a
message (400, 403 or 409) and nothing is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.exports import export_response, wants_export
from core.history import change_log, history_limit
from core.views import refuse
from lifecycle.choices import DIMENSIONS, DOMAINS, EQUALITY_STATEMENT, EQUALITY_STATEMENT_TITLE, RATINGS, EiaStatus
from lifecycle.models import EqualityImpactAssessment, Lesson, QualityCriterion, QualityReview
from programme.models import Workstream

from . import assurance, boards, permissions, workflows
from .board_views import awaiting, board_form, decisions_of, run_board_step
from .exports import LESSON_COLUMNS
from .forms import CriterionForm, EiaForm, LessonForm, LessonSearchForm, ReviewForm
from .views import _open_workstreams, _posted, _run, _submit
from .workflows import EIA, allowed

# Equality impact assessments (PID s4.6) --------------------------------------------------------------------------

def _eia_workstreams(user, tenant):
    """The open workstreams in which ``user`` may write an EIA."""
    return [workstream.pk for workstream in _open_workstreams()
            if user.has_perm("lifecycle.add_equalityimpactassessment",
                             EqualityImpactAssessment(tenant=tenant, workstream=workstream))]


def _statement():
    return {"statement_title": EQUALITY_STATEMENT_TITLE, "statement": EQUALITY_STATEMENT}


@login_required
def eias(request):
    return render(request, "lifecycle/eias.html", {
        "eias": EqualityImpactAssessment.objects.select_related("workstream"),
        "may_add": bool(_eia_workstreams(request.user, request.tenant)), **_statement(),
    })


@login_required
def eia_new(request):
    allowed = _eia_workstreams(request.user, request.tenant)
    if not allowed:
        probe = EqualityImpactAssessment(tenant=request.tenant)
        return refuse(request, "lifecycle.add_equalityimpactassessment", probe)
    form = EiaForm(_posted(request), workstreams=Workstream.objects.filter(pk__in=allowed).order_by("name"),
                   initial={"workstream": request.GET.get("workstream")} if request.GET.get("workstream") else None)
    eia, status = _submit(request, form, lambda: assurance.create_eia(request.user, **form.values()))
    if eia is not None:
        messages.success(request, "Equality impact assessment saved as a draft.")
        return redirect("lifecycle:eia", eia.pk)
    return render(request, "lifecycle/eia_form.html", {"form": form, **_statement()}, status=status)


@login_required
def eia_edit(request, pk):
    eia = get_object_or_404(EqualityImpactAssessment.objects.select_related("workstream"), pk=pk)
    if not request.user.has_perm(permissions.EIA_CHANGE, eia):
        return refuse(request, permissions.EIA_CHANGE, eia)
    if not EIA.can_leave(eia, "edit"):
        messages.error(request, workflows.wrong_state(EIA, eia, "edit"))
        return redirect("lifecycle:eia", eia.pk)
    form = EiaForm(_posted(request), initial=EiaForm.initial_for(eia))
    saved, status = _submit(request, form, lambda: assurance.update_eia(eia, request.user, **form.values()))
    if saved is not None:
        messages.success(request, "Equality impact assessment saved.")
        return redirect("lifecycle:eia", eia.pk)
    return render(request, "lifecycle/eia_form.html", {"form": form, "eia": eia, **_statement()}, status=status)


EIA_NOTE = "Note on the decision (needed to return it)"


def _eia_page(request, eia, board_step=None, status=200):
    steps = allowed(EIA, request.user, eia)  # the buttons: workflows.EIA
    if board_step is None and "decide" in steps:
        board_step = board_form(request, boards.EIA_BOARD, note_label=EIA_NOTE)
    return render(request, "lifecycle/eia.html", {
        "eia": eia, "rows": eia.characteristics.all(), "history": change_log(eia, limit=history_limit(request)),
        "may_edit": "edit" in steps, "may_sign_off": "sign_off" in steps, "board_step": board_step,
        "board_decisions": decisions_of(eia),
        "awaiting": awaiting(boards.EIA_BOARD, eia.status == EiaStatus.SIGNED_OFF and board_step is None),
        **_statement(),
    }, status=status)


@login_required
def eia(request, pk):
    return _eia_page(request, get_object_or_404(EqualityImpactAssessment.objects.select_related("workstream"), pk=pk))


@login_required
@require_POST
def eia_action(request, pk, what):
    eia = get_object_or_404(EqualityImpactAssessment.objects.all(), pk=pk)
    if what == "sign-off":
        _run(request, lambda: assurance.sign_off_eia(eia, request.user), "Signed off.")
    elif what == "decide":
        return run_board_step(
            request, boards.EIA_BOARD,
            lambda form: assurance.decide_eia(eia, request.user, form.cleaned_data["decision"],
                                              form.cleaned_data["note"], how=form.how()),
            "Decision recorded in the Delivery Board's decisions log.",
            lambda form, status: _eia_page(request, EqualityImpactAssessment.objects.select_related("workstream")
                                           .get(pk=eia.pk), form, status),
            reverse("lifecycle:eia", args=[eia.pk]), note_label=EIA_NOTE)
    else:
        raise Http404
    return redirect("lifecycle:eia", eia.pk)


# Quality (PID s4.5) ---------------------------------------------------------------------------------------------

def _criterion_workstreams(user, tenant):
    return [workstream.pk for workstream in _open_workstreams()
            if user.has_perm("lifecycle.add_qualitycriterion", QualityCriterion(tenant=tenant, workstream=workstream))]


@login_required
def quality(request):
    criteria = list(QualityCriterion.objects.select_related("workstream").prefetch_related("reviews"))
    ratings = dict(RATINGS)
    for criterion in criteria:
        criterion.may_review = request.user.has_perm(
            permissions.QUALITY_REVIEW, QualityReview(tenant=request.tenant, criterion=criterion))
        for review in criterion.reviews.all():
            review.rows = [(label, ratings.get(review.dimensions.get(key), "–")) for key, label in DIMENSIONS]
            review.rows += [(label, ratings.get(review.domains.get(key), "–")) for key, label in DOMAINS]
    return render(request, "lifecycle/quality.html", {
        "criteria": criteria, "may_add": bool(_criterion_workstreams(request.user, request.tenant)),
    })


@login_required
def criterion_new(request):
    allowed = _criterion_workstreams(request.user, request.tenant)
    if not allowed:
        return refuse(request, "lifecycle.add_qualitycriterion", QualityCriterion(tenant=request.tenant))
    form = CriterionForm(_posted(request), workstreams=Workstream.objects.filter(pk__in=allowed).order_by("name"))
    criterion, status = _submit(request, form, lambda: assurance.add_criterion(request.user, **form.cleaned_data))
    if criterion is not None:
        messages.success(request, f"Acceptance criteria for {criterion.product} recorded.")
        return redirect(reverse("lifecycle:quality") + f"#criterion-{criterion.pk}")
    return render(request, "lifecycle/criterion_form.html", {"form": form}, status=status)


@login_required
def review_new(request, pk):
    criterion = get_object_or_404(QualityCriterion.objects.select_related("workstream"), pk=pk)
    probe = QualityReview(tenant=request.tenant, criterion=criterion)
    if not request.user.has_perm(permissions.QUALITY_REVIEW, probe):
        return refuse(request, permissions.QUALITY_REVIEW, criterion)
    form = ReviewForm(_posted(request), initial={"reviewer": criterion.reviewer})
    review, status = _submit(request, form, lambda: assurance.record_review(criterion, request.user, **form.values()))
    if review is not None:
        messages.success(request, f"{review.get_reviewer_display()} review recorded.")
        return redirect(reverse("lifecycle:quality") + f"#criterion-{criterion.pk}")
    return render(request, "lifecycle/review_form.html", {
        "form": form, "criterion": criterion, "dimensions": form.dimension_fields(), "domains": form.domain_fields(),
    }, status=status)


# Lessons learned (PID s3.6) ------------------------------------------------------------------------------------

@login_required
def lessons(request):
    search = LessonSearchForm(request.GET or None)
    text = search.cleaned_data.get("q", "") if search.is_valid() else ""
    if wants_export(request):
        return export_response(request, "lessons", "Lessons learned", LESSON_COLUMNS, assurance.search_lessons(text),
                               [("Search", text)] if text else [])
    form = LessonForm(_posted(request))
    lesson, status = _submit(request, form, lambda: assurance.add_lesson(request.user, **form.cleaned_data))
    if lesson is not None:
        messages.success(request, "Lesson logged.")
        return redirect("lifecycle:lessons")
    return render(request, "lifecycle/lessons.html", {
        "search": search, "form": form, "lessons": assurance.search_lessons(text)[:200], "q": text,
        "may_edit": request.user.has_perm(permissions.LESSON_CHANGE, Lesson(tenant=request.tenant)),
    }, status=status)


@login_required
def lesson_edit(request, pk):
    lesson = get_object_or_404(Lesson.objects.all(), pk=pk)
    if not request.user.has_perm(permissions.LESSON_CHANGE, lesson):
        return refuse(request, permissions.LESSON_CHANGE, lesson)
    initial = {name: getattr(lesson, name) for name in ("title", "what_was_learned", "what_changed",
                                                        "learned_by_name", "stage", "workstream", "project")}
    form = LessonForm(_posted(request), initial=initial)
    saved, status = _submit(request, form, lambda: assurance.update_lesson(lesson, request.user, **form.cleaned_data))
    if saved is not None:
        messages.success(request, "Lesson saved.")
        return redirect("lifecycle:lessons")
    history = change_log(lesson, limit=history_limit(request))
    return render(request, "lifecycle/lesson_form.html", {"form": form, "lesson": lesson, "history": history},
                  status=status)
