"""Browser pages of programme finance: the overview (budget, actual and forecast outturn by workstream and partner,
by year, the largest variances and the finance RAG, each chart with its table), a project's finance (its years,
partners, monthly actuals with the entry form, and the source's stated totals against the portal's), and the import
of a ledger extract. Each page runs a fixed number of queries whatever the size of the programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import imports as staging
from core.exceptions import PermissionRefused
from core.exports import export_response, wants_export
from core.forms import errors_onto
from core.imports import Preview
from core.views import refuse
from finance import charts, exports, figures, import_apply, imports, reconcile, rules, services, summary
from finance.filtersets import GROUPINGS, SummaryForm
from finance.forms import ActualForm, ImportForm, recent_months
from finance.models import Actual, BudgetLine, FinanceSettings
from programme.models import Project

LARGEST = 10
IMPORT_TEMPLATE = "finance/import.html"


@login_required
def overview(request):
    """The programme's money; ``?format=xlsx|csv`` downloads the summary grouped ``by`` the chosen grouping."""
    form = SummaryForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    lines, actuals = BudgetLine.objects.all(), Actual.objects.all()
    if form.is_bound and valid:
        lines, actuals = form.narrow(lines, actuals)
    today = timezone.localdate()
    cells = figures.cells(lines, actuals, today) if valid else {}
    settings = FinanceSettings.for_tenant(request.tenant)

    def by(key):
        return summary.build(key, cells=cells, settings=settings)

    if wants_export(request) and valid:
        key = form.cleaned_data.get("by") if form.is_bound else ""
        key = key or "workstream"
        return export_response(request, "finance", "Budget, actual and forecast",
                               exports.summary_columns(dict(GROUPINGS)[key]), by(key))
    workstreams, partners, years = by("workstream"), by("partner"), by("year")
    total = by("programme")
    return render(request, "finance/overview.html", {
        "form": form, "settings": settings, "today": today, "total": total[0] if total else None,
        "workstream_figure": charts.figure(workstreams, "Budget, actual and forecast by workstream", "workstream",
                                           "finance-workstreams"),
        "partner_figure": charts.figure(partners, "Budget, actual and forecast by partner", "partner",
                                        "finance-partners"),
        "years": years, "largest": figures.largest_variances(by("project"), LARGEST),
        "can_import": request.user.has_perm(rules.ADD_ACTUAL),
        "can_change_settings": request.user.has_perm(rules.CHANGE_SETTINGS, settings),
    }, status=200 if valid else 400)


def _monthly(project, months):
    """[(month, [Actual])] for ``months`` (newest first) of ``project``."""
    found = {}
    for actual in (Actual.objects.filter(project=project, month__gte=months[-1])
                   .select_related("organisation").order_by("organisation__code")):
        found.setdefault(actual.month, []).append(actual)
    return [(month, found.get(month, [])) for month in months]


@login_required
def project_finance(request, pk):
    """A project's budget by year and partner, its monthly actuals (with the form to enter a month's spend), and
    the totals its business case states against what the portal computes."""
    project = get_object_or_404(Project.objects.select_related("workstream"), pk=pk)
    probe = Actual(tenant=request.tenant, project=project)
    may_record = request.user.has_perm(rules.ADD_ACTUAL, probe)
    form = ActualForm(request.POST or None) if may_record else None
    status = 200
    if request.method == "POST":
        if not may_record:
            return refuse(request, rules.ADD_ACTUAL, project)
        if form.is_valid():
            try:
                services.record_actuals(request.user, [{"project": project, **form.cleaned_data}])
            except PermissionRefused as exc:
                return refuse(request, exc, project)
            except ValidationError as exc:
                errors_onto(form, _unbatched(exc))
            else:
                data = form.cleaned_data
                messages.success(request, f"Recorded {data['organisation'].code}'s spend for "
                                          f"{data['month']:%B %Y}: £{data['amount']:,.2f}.")
                return redirect("finance:project", pk=project.pk)
        status = 400
    lines = BudgetLine.objects.filter(project=project)
    actuals = Actual.objects.filter(project=project)
    cells = figures.cells(lines, actuals, timezone.localdate())
    settings = FinanceSettings.for_tenant(request.tenant)
    years = summary.build("year", cells=cells, settings=settings)
    partners = summary.build("partner", cells=cells, settings=settings)
    total = summary.build("programme", cells=cells, settings=settings)
    return render(request, "finance/project.html", {
        "project": project, "form": form, "total": total[0] if total else None, "settings": settings,
        "year_figure": charts.figure(years, f"{project.name}: budget, actual and forecast by year", "year",
                                     "finance-years"),
        "partners": partners, "months": _monthly(project, recent_months(count=12)),
        "checks": reconcile.checks(project),
    }, status=status)


def _unbatched(exc):
    """The service's ``items[0].field`` errors as the form's own fields."""
    return ValidationError({key.split(".", 1)[-1]: messages for key, messages in exc.message_dict.items()})


@login_required
def import_actuals(request):
    """Upload a partner's ledger extract: the preview lists the months that would be added, changed (old → new),
    left unchanged and refused (by row and column); nothing is written until the user confirms
    (``import_confirm``)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = imports.preview(form.cleaned_data["file"], request.user)
        if preview.ok and preview.writes:
            staging.stage(preview, "finance", request.tenant, request.user)
    status = 400 if form.errors or (preview and not preview.ok) else 200
    return render(request, IMPORT_TEMPLATE, {"form": form, "plan": preview, "columns": imports.COLUMNS},
                  status=status)


def _applied(preview, user, tenant):
    return {**import_apply.apply(preview, user, tenant), "columns": imports.COLUMNS}


@login_required
@require_POST
def import_confirm(request):
    """Record the preview kept server-side under its token, all or nothing."""
    return staging.confirm(request, Preview, "finance", _applied, IMPORT_TEMPLATE, ImportForm(),
                           lambda request, exc: refuse(request, exc, "the programme's actual spend"))
