"""Browser pages of service changes and consultation (PID s4.2): the register (filters, export), a change's page
(its consultation tracker, pre-consultation engagement, the Four Tests with their evidence, and its history), the
forms, and the Four Tests assurance report as a page and as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import PermissionRefused
from core.exports import describe_filters, export_response, wants_export
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.views import refuse
from engagement import assurance, consultation, consultation_exports
from engagement.consultation_filters import ServiceChangeFilterSet
from engagement.consultation_forms import AssessmentForm, EvidenceForm, ServiceChangeForm
from engagement.models import FourTest, ServiceChange, TestEvidence
from engagement.rules import ADD_EVIDENCE, ADD_SERVICE_CHANGE, CHANGE_FOUR_TEST, CHANGE_SERVICE_CHANGE, DELETE_EVIDENCE

PAGE_SIZES = (25, 50, 100)


def _page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


@login_required
def register(request):
    """The service changes with the API's filters, sorting, paging and export; each with its Four Tests' status."""
    filterset = ServiceChangeFilterSet(request.GET, queryset=consultation_exports.register_queryset(),
                                       request=request)
    if wants_export(request):
        return export_response(request, "service-changes", "Service changes", consultation_exports.COLUMNS,
                               filterset.qs, describe_filters(filterset))
    page = Paginator(filterset.qs, _page_size(request)).get_page(request.GET.get("page"))
    changes = list(page.object_list)
    for change in changes:
        counts = consultation_exports.test_counts(change)
        change.evidenced = sum(1 for count in counts.values() if count)
    return render(request, "engagement/service_change_register.html", {
        "can_add": request.user.has_perm(ADD_SERVICE_CHANGE, ServiceChange(tenant=request.tenant)),
        "filterset": filterset, "page": page, "changes": changes, "page_sizes": PAGE_SIZES,
    })


def get_change(pk):
    return get_object_or_404(ServiceChange.objects.select_related(
        "workstream", "business_case", "eia", "decision_record__meeting__body"), pk=pk)


def history_of(change, limit=None):
    """The change's own history with its tests' assessments and their evidence, newest first."""
    tests = {test.pk: test.get_test_display() for test in FourTest.objects.filter(service_change=change)}
    return change_log(change, limit=limit, also=[
        (FourTest, FourTest.history.filter(service_change_id=change.pk).select_related("history_user"),
         lambda record: f"Test: {tests.get(record.id, 'one of the Four Tests')}"),
        (TestEvidence, TestEvidence.history.filter(four_test_id__in=list(tests)).select_related("history_user"),
         lambda record: f"Evidence for: {tests.get(record.four_test_id, 'a test')}"),
    ])


def detail_context(request, change, assess_forms=None, evidence_form=None, evidence_test=None):
    user = request.user
    tests = assurance.tests_of(change)
    may_assess = user.has_perm(CHANGE_FOUR_TEST, tests[0].test) if tests else False
    for row in tests:
        bound = (assess_forms or {}).get(row.test.pk)
        row.form = bound or AssessmentForm(initial={"assessment": row.assessment}, prefix=f"test-{row.test.pk}")
        row.evidence_form = evidence_form if evidence_test == row.test.pk else EvidenceForm(
            tenant=request.tenant, instance=TestEvidence(tenant=request.tenant), prefix=f"evidence-{row.test.pk}")
    return {
        "change": change,
        **assurance.context(change, tests),
        "may_change": user.has_perm(CHANGE_SERVICE_CHANGE, change),
        "may_assess": may_assess,
        "may_add_evidence": user.has_perm(ADD_EVIDENCE, tests[0].test) if tests else False,
        "may_remove_evidence": user.has_perm(DELETE_EVIDENCE, tests[0].test) if tests else False,
        "stakeholders": list(change.stakeholders.order_by("number")),
        "risks": list(change.risks.order_by("number")),
        "history": history_of(change, limit=history_limit(request)),
    }


@login_required
def detail(request, pk):
    return render(request, "engagement/service_change_detail.html", detail_context(request, get_change(pk)))


def _form(request, instance, data=None):
    return ServiceChangeForm(data, instance=instance, tenant=request.tenant, user=request.user)


@login_required
def create(request):
    blank = ServiceChange(tenant=request.tenant)
    if not request.user.has_perm(ADD_SERVICE_CHANGE, blank):
        return refuse(request, ADD_SERVICE_CHANGE, blank)
    form = _form(request, blank, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = consultation.create_service_change(request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, form.instance)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{change.ref} was recorded. Its Four Tests await their evidence.")
            return redirect("engagement:service-change", change.pk)
    return render(request, "engagement/service_change_form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    change = get_change(pk)
    if not request.user.has_perm(CHANGE_SERVICE_CHANGE, change):
        return refuse(request, CHANGE_SERVICE_CHANGE, change)
    form = _form(request, get_change(pk), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = consultation.update_service_change(change, request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, change)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{done.ref} was saved.")
            return redirect("engagement:service-change", done.pk)
    return render(request, "engagement/service_change_form.html", {"form": form, "change": change},
                  status=400 if form.errors else 200)


def _test(change, test_pk):
    return get_object_or_404(FourTest, service_change=change, pk=test_pk)


@login_required
@require_POST
def assess(request, pk, test_pk):
    change = get_change(pk)
    four_test = _test(change, test_pk)
    form = AssessmentForm(request.POST, prefix=f"test-{four_test.pk}")
    if form.is_valid():
        try:
            consultation.assess_test(four_test, request.user, form.cleaned_data["assessment"])
        except PermissionRefused as exc:
            return refuse(request, exc, change)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"The assessment of “{four_test.get_test_display()}” was saved.")
            return redirect("engagement:service-change", change.pk)
    context = detail_context(request, change, assess_forms={four_test.pk: form})
    return render(request, "engagement/service_change_detail.html", context, status=400)


@login_required
@require_POST
def add_evidence(request, pk, test_pk):
    change = get_change(pk)
    four_test = _test(change, test_pk)
    form = EvidenceForm(request.POST, tenant=request.tenant, instance=TestEvidence(tenant=request.tenant),
                        prefix=f"evidence-{four_test.pk}")
    if form.is_valid():
        try:
            consultation.add_evidence(four_test, request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, change)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Evidence was added to “{four_test.get_test_display()}”.")
            return redirect("engagement:service-change", change.pk)
    context = detail_context(request, change, evidence_form=form, evidence_test=four_test.pk)
    return render(request, "engagement/service_change_detail.html", context, status=400)


@login_required
@require_POST
def remove_evidence(request, pk, evidence_pk):
    change = get_change(pk)
    evidence = get_object_or_404(TestEvidence.objects.select_related("four_test"), pk=evidence_pk,
                                 four_test__service_change=change)
    try:
        consultation.remove_evidence(evidence, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, change)
    messages.success(request, "The evidence was removed.")
    return redirect("engagement:service-change", change.pk)


@login_required
def assurance_page(request, pk):
    change = get_change(pk)
    return render(request, "engagement/four_tests_assurance.html", assurance.context(change))


@login_required
def assurance_pdf(request, pk):
    change = get_change(pk)
    data = assurance.render_pdf(change, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{assurance.filename(change)}"'
    return response
