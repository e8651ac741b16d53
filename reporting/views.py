"""Browser pages of progress reporting: the reports (list, write pre-filled, detail with its RAG trend, edit, the
workflow steps) and the live programme dashboard (with its .xlsx export)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from core import settings_pages
from core.exceptions import DOMAIN_ERRORS, PermissionRefused
from core.exports import export_response, wants_export
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.paging import register_page
from core.views import refuse, report
from programme.models import Project, Workstream
from reporting import dashboard, exports, rules, services, trend
from reporting.choices import ReportStatus
from reporting.filtersets import HighlightReportFilterSet
from reporting.forms import HighlightReportForm, ReasonForm, ReportingSettingsForm
from reporting.models import HighlightReport
from reporting.workflows import REPORT

PAGE_SIZE = 50
TREND_REPORTS = 12


@login_required
def report_list(request):
    queryset = HighlightReport.objects.select_related("workstream", "project", "author")
    filterset = HighlightReportFilterSet(request.GET, queryset=queryset, request=request)
    page = register_page(request, filterset.qs, PAGE_SIZE)
    settings = services.settings_for(request.tenant)
    return render(request, "reporting/list.html", {
        "filterset": filterset, "page": page, "reports": page.rows,
        "projects": Project.objects.select_related("workstream").order_by("workstream__name", "name"),
        "workstreams": Workstream.objects.order_by("name"),
        "settings": settings, "can_change_settings": request.user.has_perm(rules.CHANGE_SETTINGS, settings),
    })


def _place(request):
    """The project or workstream a new report is for, from ``?project=`` or ``?workstream=``; None if neither."""
    for name, model in (("project", Project.objects.select_related("workstream")), ("workstream", Workstream.objects)):
        value = request.GET.get(name, "")
        if value.isdigit():
            found = model.filter(pk=int(value)).first()
            if found is not None:
                return (found, None) if name == "project" else (None, found)
    return None


@login_required
def create(request):
    """Write a report: it opens pre-filled from the registers, each suggested RAG beside the author's choice."""
    place = _place(request)
    if place is None:
        messages.error(request, "Choose the project or workstream to write a report for.")
        return redirect("reporting:list")
    project, workstream = place
    draft = services.new_report(request.user, project, workstream)
    if not request.user.has_perm(rules.ADD, draft):
        return refuse(request, rules.ADD, draft)
    return _form_page(request, draft, lambda form: services.create_report(
        request.user, project, workstream, draft.period_start, **form.step_arguments()),
        "{ref} was saved as a draft. Submit it for sign-off when it is ready.")


def _form_page(request, draft, save, said, **context):
    """The report's form; on a valid POST ``save(form)`` runs the service: a refusal is the 403 page, its
    ``ValidationError`` goes onto the form (400), success goes to the report with ``said``."""
    form = HighlightReportForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        try:
            done = save(form)
        except PermissionRefused as exc:
            return refuse(request, exc, draft)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, said.format(ref=done.ref))
            return redirect("reporting:detail", done.pk)
    return render(request, "reporting/form.html", {"form": form, "draft": draft, **context},
                  status=400 if form.errors else 200)


def get_report(pk):
    return get_object_or_404(HighlightReport.objects.select_related(
        "workstream", "project", "author", "submitted_by", "signed_off_by", "returned_by"), pk=pk)


@login_required
def detail(request, pk):
    found = get_report(pk)
    earlier = list(services.reports_of(found.project if found.project_id else None, found.workstream)
                   .filter(status=ReportStatus.SIGNED_OFF, period_start__lte=found.period_start)
                   .order_by("-period_start", "-version")[:TREND_REPORTS * 2])
    by_period = {}
    for signed in earlier:
        by_period.setdefault(signed.period_start, signed)
    history = sorted(by_period.values(), key=lambda signed: signed.period_start)[-TREND_REPORTS:]
    svg = trend.render_trend(history, title=f"RAG trend: {found.place}") if history else ""
    return render(request, "reporting/detail.html", {
        "report": found, "dimensions": found.dimensions(),
        "trend_svg": mark_safe(svg),  # noqa: S308 (the renderer escapes every value)
        "trend_rows": trend.rows_of(history), "trend_reports": history,
        "projects": services.project_reports(found),
        "steps": REPORT.available(request.user, found), "reason_form": ReasonForm(),
        "history": change_log(found, limit=history_limit(request)),
    })


@login_required
def edit(request, pk):
    found = get_report(pk)
    if not REPORT.may(request.user, found, "edit"):
        return refuse(request, rules.CHANGE, found)
    services.refresh(found)
    return _form_page(request, found, lambda form: services.update_report(
        get_report(pk), request.user, **form.step_arguments()), "{ref} was saved.", report=found)


STEPS = {
    "submit": (lambda found, user, reason: services.submit(found, user), "{ref} was submitted for sign-off."),
    "sign_off": (lambda found, user, reason: services.sign_off(found, user), "{ref} was signed off."),
    "return": (services.return_report, "{ref} was returned to its author."),
    "reopen": (services.reopen, "Version {version} of the report was started as a draft."),
}


@login_required
@require_POST
def step(request, pk, name):
    found = get_report(pk)
    if name not in STEPS:
        return redirect("reporting:detail", pk)
    run, said = STEPS[name]
    try:
        done = run(found, request.user, request.POST.get("reason", ""))
    except PermissionRefused as exc:
        return refuse(request, exc, found)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
        return redirect("reporting:detail", pk)
    messages.success(request, said.format(ref=done.ref, version=done.version))
    return redirect("reporting:detail", done.pk)


@login_required
def dashboard_page(request):
    """The live programme dashboard; ``?format=xlsx|csv`` downloads it with the filters applied."""
    form = dashboard.DashboardFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows, period, due = dashboard.build(**{key: value for key, value in chosen.items() if value})
    if wants_export(request):
        shown = [(form.fields[key].label or key.capitalize(), str(value)) for key, value in chosen.items() if value]
        return export_response(request, "programme-dashboard", "Programme dashboard", exports.columns(), rows,
                               shown)
    return render(request, "reporting/dashboard.html", {
        "form": form, "rows": rows, "period": period, "due": due, "tally": dashboard.tally(rows),
        "period_label": services.period_label(period),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    """The partnership's reporting cycle (``ReportingSettings``): the PMO changes it, with a reason kept in its
    history (``core.settings_pages``); everyone else gets the refusal page. The defaults stay unsaved until changed."""
    return settings_pages.page(request, services.settings_for(request.tenant), rules.CHANGE_SETTINGS,
                               "change the reporting cycle", ReportingSettingsForm, "reporting/settings.html",
                               "The reporting cycle was saved: reports not yet written follow it.",
                               "reporting:settings", ReportingSettingsForm.FIELDS, heading="Reporting cycle",
                               button="Save the reporting cycle", cancel="reporting:list")
