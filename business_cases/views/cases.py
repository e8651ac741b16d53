"""The pipeline, a case's page and editor, prioritisation, version comparison and the PDF (DOMAIN.md s5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from business_cases import elsewhere, exports, money, pdf, services, versions
from business_cases.choices import AWAITING_A_BOARD, CaseStatus, Criterion
from business_cases.filtersets import BusinessCaseFilterSet
from business_cases.forms import CaseForm, ScoreForm
from business_cases.models import CRITERIA, BusinessCase, PrioritisationScore
from business_cases.versions import version_count
from core import rules
from core.exceptions import DOMAIN_ERRORS
from core.exports import describe_filters, export_response, wants_export
from core.forms import save_form
from core.views import refuse, report
from programme.models import Project

from .common import (
    available_decisions,
    get_case,
    may_score,
    visible_cases,
)

PIPELINE_FIELDS = ("pk", "tenant_id", "number", "ref", "title", "value", "tier", "document_type", "status",
                   "restricted", "project__name", "project__workstream_id")
COLUMNS = [
    (CaseStatus.DRAFT, "Being written"),
    (CaseStatus.SUBMITTED, "Awaiting the Delivery Board"),
    (CaseStatus.RECOMMENDED, "Awaiting the Partnership Board"),
    (CaseStatus.APPROVED, "Approved"),
    (CaseStatus.REJECTED, "Rejected"),
    (CaseStatus.WITHDRAWN, "Withdrawn (stopped)"),
]


def may_add_somewhere(user, tenant):
    probe = BusinessCase(tenant=tenant)
    for project in Project.objects.only("pk", "workstream_id", "tenant_id"):
        probe.project = project
        if user.has_perm(probe.perm("add"), probe):
            return True
    return False


@login_required
def pipeline(request):
    """Cases by status, one section per status, filtered with the API's FilterSet."""
    # Every case is on this page: only the columns its cards show (not the sections' text, nor the author).
    if wants_export(request):
        filterset = BusinessCaseFilterSet(request.GET, queryset=visible_cases(request), request=request)
        return export_response(request, "business-cases", "Business cases", exports.COLUMNS, filterset.qs,
                               describe_filters(filterset))
    shown = visible_cases(request).select_related(None).select_related("project").only(*PIPELINE_FIELDS)
    filterset = BusinessCaseFilterSet(request.GET, queryset=shown, request=request)
    queryset = filterset.qs
    cases = list(queryset.annotate(version_count=version_count()).order_by(*queryset.query.order_by or ["number"]))
    columns = [{"status": status, "heading": heading, "cases": [c for c in cases if c.status == status]}
               for status, heading in COLUMNS]
    approved = sum((c.value for c in cases if c.status == CaseStatus.APPROVED), start=0)
    return render(request, "business_cases/pipeline.html", {
        "filterset": filterset, "columns": columns, "total": len(cases), "approved_value": approved,
        "can_add": may_add_somewhere(request.user, request.tenant),
    })


@login_required
def awaiting(request):
    """Cases awaiting a board, with their prioritisation scores side by side (PID s3.4.2 criteria)."""
    cases = list(visible_cases(request).filter(status__in=AWAITING_A_BOARD).prefetch_related(
        Prefetch("scores", PrioritisationScore.objects.select_related("scorer"))).order_by("status", "number"))
    rows = []
    for name in CRITERIA:
        cells = []
        for case in cases:
            scores = [getattr(s, name) for s in case.scores.all()]
            cells.append(f"{sum(scores) / len(scores):.1f}" if scores else None)
        rows.append({"label": Criterion(name).label, "cells": cells})
    totals = []
    for case in cases:
        scores = [s.total for s in case.scores.all()]
        totals.append(f"{sum(scores) / len(scores):.1f}" if scores else None)
    return render(request, "business_cases/awaiting.html", {
        "cases": cases, "rows": rows, "totals": totals,
        "counts": [len(case.scores.all()) for case in cases],
    })


@login_required
def detail(request, pk):
    case = get_case(request, pk)
    lines, stated = list(case.money_lines.all()), list(case.stated_totals.all())
    shares = list(case.cost_shares.select_related("organisation"))
    case_versions = list(case.versions.select_related("submitted_by").order_by("number"))
    own_score = next((s for s in case.scores.all() if s.scorer_id == request.user.pk), None)
    return render(request, "business_cases/case_detail.html", {
        "case": case,
        "sections": case.section_rows(),
        "missing": case.missing_sections,
        "summary": money.summarise(case.value, lines, shares, stated),
        "lines": lines, "shares": shares, "stated": stated,
        "versions": case_versions,
        "scores": list(case.scores.all()),
        "criteria": [(name, Criterion(name).label) for name in CRITERIA],
        "decisions": available_decisions(case, request.user),
        "can_edit": case.status == CaseStatus.DRAFT and request.user.has_perm(case.perm("change"), case),
        "can_score": may_score(case, request.user),
        "can_record_elsewhere": elsewhere.may_record(request.user, case),
        "own_score": own_score,
        "history": case.history.select_related("history_user").order_by("-history_date")[:20],
    })


def _save_case(request, form, case=None):
    candidate = form.instance
    perm = candidate.perm("add" if case is None else "change")
    if not request.user.has_perm(perm, candidate):
        form.add_error("project", "You may not write business cases for that project. "
                       + rules.describe_refusal(perm, candidate))
        return None
    if case is None:
        candidate.author = request.user
    candidate._history_user = request.user
    return save_form(form)  # None, with the refusal on the form, if the database refuses the row


@login_required
def create(request):
    form = CaseForm(request.POST or None, tenant=request.tenant, user=request.user,
                    initial={"project": request.GET.get("project")})
    if request.method == "POST" and form.is_valid():
        saved = _save_case(request, form)
        if saved is not None:
            messages.success(request, f"{saved.ref} was created as a {saved.get_document_type_display()}. "
                             "Write its sections next.")
            return redirect("business_cases:edit", saved.pk)
    return render(request, "business_cases/case_form.html", {"form": form, "case": None},
                  status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    case = get_case(request, pk)
    perm = case.perm("change")
    if not request.user.has_perm(perm, case):
        return refuse(request, perm, case)
    if case.status != CaseStatus.DRAFT:
        messages.error(request, f"{case.ref} is {case.get_status_display().lower()}: only a draft can be changed.")
        return redirect("business_cases:detail", case.pk)
    form = CaseForm(request.POST or None, instance=case, tenant=request.tenant, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_case(request, form, case)
        if saved is not None:
            if "submit" in request.POST:
                try:
                    services.submit(saved, request.user)
                except DOMAIN_ERRORS as exc:
                    report(request, exc)
                    return redirect("business_cases:edit", saved.pk)
                messages.success(request, f"{saved.ref} was submitted to the Delivery Board.")
            else:
                messages.success(request, f"{saved.ref} was saved.")
            return redirect("business_cases:detail", saved.pk)
    return render(request, "business_cases/case_form.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)


@login_required
def score(request, pk):
    case = get_case(request, pk)
    if not may_score(case, request.user):
        if case.status not in AWAITING_A_BOARD:
            messages.error(request, f"{case.ref} is not awaiting a board: there is nothing to score.")
            return redirect("business_cases:detail", case.pk)
        separated = rules.separation_refusal(request.user, case.perm("score"), case, verb="score")
        if separated:
            messages.error(request, separated)
            return redirect("business_cases:detail", case.pk)
        return refuse(request, case.perm("score"), case)
    existing = next((s for s in case.scores.all() if s.scorer_id == request.user.pk), None)
    form = ScoreForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in CRITERIA}
        try:
            services.score(case, request.user, values, form.cleaned_data["comment"])
        except DOMAIN_ERRORS as exc:
            report(request, exc)
        else:
            messages.success(request, f"Your scores of {case.ref} were recorded.")
        return redirect("business_cases:detail", case.pk)
    return render(request, "business_cases/score_form.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)


@login_required
def compare(request, pk):
    case = get_case(request, pk)
    numbers = list(case.versions.order_by("number").values_list("number", flat=True))
    try:
        older = int(request.GET.get("from") or (numbers[-2] if len(numbers) > 1 else 0))
        newer = int(request.GET.get("to") or (numbers[-1] if numbers else 0))
    except ValueError:
        raise Http404("No such version.") from None
    if len(numbers) < 2:
        messages.info(request, f"{case.ref} has {len(numbers)} submitted version{'s' if len(numbers) != 1 else ''}: "
                      "there is nothing to compare yet.")
        return redirect("business_cases:detail", case.pk)
    older_version = get_object_or_404(case.versions, number=older)
    newer_version = get_object_or_404(case.versions, number=newer)
    return render(request, "business_cases/compare.html", {
        "case": case, "comparison": versions.compare(older_version, newer_version), "numbers": numbers,
        "older": older_version, "newer": newer_version,
    })


@login_required
def case_pdf(request, pk):
    case = get_case(request, pk)
    response = HttpResponse(pdf.render_case(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(case)}"'
    return response
