"""Browser pages of the benefits register (DOMAIN.md s6): the register, the realisation dashboard, a benefit's
page with its chart and measurements, the forms, the import and the PMO's settings.

Every queryset is the tenant-scoped, visibility-filtered one, so another partnership's benefit (or a restricted
one the user may not read) is a 404; who may change what is asked of ``user.has_perm`` and nothing else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from benefits import apportion, exports, figures, imports, links, realisation, rollups, services
from benefits.choices import PeriodKind
from benefits.filtersets import BenefitFilterSet
from benefits.forms import BenefitForm, ImportForm, SettingsForm, changed_rows, measurement_formset
from benefits.history import change_log
from benefits.models import Benefit, BenefitAttribution, BenefitSettings
from benefits.rollups import target_note
from benefits.rules import SETTINGS_PERM
from core import rules
from core.exports import describe_filters, export_response, wants_export
from core.forms import save_form
from core.history import history_limit
from core.paging import register_page
from core.views import refuse
from programme.models import Project

PAGE_SIZES = (25, 50, 100)


def visible(request):
    return Benefit.objects.visible_to(request.user)


def get_benefit(request, pk, prefetch=False):
    """A benefit of the active tenant that this user may read, else 404; with ``prefetch``, its links (the form
    shows them)."""
    queryset = visible(request).select_related("owner", "workstream")
    if prefetch:
        queryset = queryset.prefetch_related(
            "objectives", "business_cases", Prefetch("projects", queryset=Project.objects.select_related("workstream")),
            Prefetch("attributions", queryset=BenefitAttribution.objects.select_related("organisation")))
    return get_object_or_404(queryset, pk=pk)


def page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


IMPORT_REFUSAL = ("You may not import measurements: recording them is editing a benefit, and you may not edit a "
                  "benefit anywhere in this partnership.")


def may_add_somewhere(user, tenant):
    """Whether the user may add a benefit anywhere: checked on probes at the programme and each project."""
    probe = Benefit(tenant=tenant)
    if user.has_perm(probe.perm("edit"), probe):
        return True
    for project in Project.objects.only("pk", "workstream_id", "tenant_id"):
        probe = Benefit(tenant=tenant, level="project", scope_project_id=project.pk,
                        scope_workstream_id=project.workstream_id)
        if user.has_perm(probe.perm("edit"), probe):
            return True
    return False


@login_required
def register(request):
    """The register with filters (the API's FilterSet), sorting, search and paging."""
    settings = services.settings_for(request.tenant)
    queryset = (visible(request).with_rag(settings.thresholds).select_related("owner")
                .prefetch_related("objectives"))
    filterset = BenefitFilterSet(request.GET, queryset=queryset, request=request)
    if wants_export(request):
        rows = filterset.qs.select_related("scope_project__workstream", "scope_workstream", "workstream")
        return export_response(request, "benefits-register", "Benefits register", exports.COLUMNS, rows,
                               describe_filters(filterset))
    page = register_page(request, filterset.qs, page_size(request))
    index = services.double_counting(settings)
    benefits = page.rows
    for benefit in benefits:
        benefit.double_counted = index.flagged(benefit.pk)
    return render(request, "benefits/register.html", {
        "filterset": filterset, "page": page, "benefits": benefits, "page_sizes": PAGE_SIZES,
        "can_add": may_add_somewhere(request.user, request.tenant), "settings": settings,
        "can_change_settings": request.user.has_perm(SETTINGS_PERM, settings),
    })


@login_required
def dashboard(request):
    """Realisation by strategic objective and by partner organisation, with charts and their tables: the roll-ups
    and the double-counting check cached against the partnership's versions of their inputs (``benefits.rollups``,
    ``core.derived``)."""
    settings = services.settings_for(request.tenant)
    rollup = rollups.realisation(request.user, settings)
    index = services.double_counting(settings)
    named = rollup.named
    return render(request, "benefits/dashboard.html", {
        "objective_figure": rollup.objective_figure, "organisation_figure": rollup.organisation_figure,
        "objectives": rollup.objectives, "organisations": rollup.organisations, "settings": settings,
        "several": [(named[pk], cases) for pk, cases in index.several.items() if pk in named],
        "over_claims": [(over, index.organisation_names.get(over.organisation_id, ""),
                         [named[pk] for pk in over.benefit_ids if pk in named]) for over in index.over_claims],
        "case_refs": index.case_refs,
        "target_differs": rollup.target_differs,
    })


def attribution_rows(benefit, attributions):
    """The benefit's attributions, each with its share of the planned profile and of the actual to date (the
    rounding residue and the leftover pennies to the largest share, so the shares add up to the whole), and the
    note saying where the residue went ("" when the shares add up to exactly 100)."""
    shares = [(a.organisation_id, a.organisation.name, a.percent) for a in attributions]
    planned = apportion.split_amount(benefit.planned_total, shares)
    actual = apportion.split_amount(benefit.actual_to_date, shares)
    for attribution in attributions:
        attribution.planned_share = planned[attribution.organisation_id]
        attribution.actual_share = actual[attribution.organisation_id]
    return attributions, apportion.residue_note(shares)


def _detail_context(request, benefit, formset=None):
    settings = services.settings_for(request.tenant)
    measurements = list(benefit.measurements.order_by("period"))
    can_edit = request.user.has_perm(benefit.perm("edit"), benefit)
    if formset is None and can_edit and not benefit.archived:
        formset = measurement_formset(benefit, measurements)
    index = services.double_counting(settings)
    linked = links.read(benefit)
    attributions, residue_note = attribution_rows(benefit, linked.attributions)
    years = realisation.financial_year_totals(
        [realisation.Point(m.period, m.planned, m.actual, m.forecast) for m in measurements], benefit.period_kind,
        benefit.profile_start, benefit.profile_end)
    return {
        "benefit": benefit, "measurements": measurements, "figure": figures.benefit_figure(benefit, measurements),
        "rag": realisation.rag(benefit.actual_to_date, benefit.planned_to_date, settings.thresholds),
        "latest": next((m for m in measurements if m.period == benefit.latest_period), None),
        "objectives": linked.objectives, "projects": linked.projects, "business_cases": linked.business_cases,
        "attributions": attributions,
        "residue_note": residue_note, "target_note": target_note(benefit),
        "financial_years": years if benefit.period_kind != PeriodKind.FINANCIAL_YEAR else [],
        # The risks that name this benefit (risks' declared relation, read from this side: benefits import no risks).
        "threatening_risks": list(benefit.threatening_risks.visible_to(request.user).filter(archived=False)
                                  .only("pk", "ref", "title", "status").order_by("number")),
        "double_counting": index.reasons(benefit.pk), "history": change_log(benefit, limit=history_limit(request)),
        "can_edit": can_edit, "formset": formset, "settings": settings,
    }


@login_required
def detail(request, pk):
    benefit = get_benefit(request, pk)
    return render(request, "benefits/detail.html", _detail_context(request, benefit))


@login_required
@require_POST
def record(request, pk):
    """Save the measurements table of the benefit's page: every changed row or none."""
    benefit = get_benefit(request, pk)
    if not request.user.has_perm(benefit.perm("edit"), benefit):
        return refuse(request, benefit.perm("edit"), benefit)
    if benefit.archived:
        messages.error(request, f"{benefit.ref} is archived: its measurements can no longer change.")
        return redirect("benefits:detail", benefit.pk)
    measurements = list(benefit.measurements.all())
    formset = measurement_formset(benefit, measurements, request.POST)
    if formset.is_valid():
        rows = changed_rows(formset)
        try:
            if rows:
                services.record_measurements(benefit, request.user, [values for _, values in rows], replace=True)
        except services.MeasurementErrors as exc:
            for index, problems in exc.by_index.items():
                form = rows[index][0]
                for name, texts in problems.items():
                    form.add_error(None if name == "non_field_errors" or name not in form.fields else name,
                                   " ".join(texts))
        else:
            messages.success(request, f"{len(rows)} period{'s' if len(rows) != 1 else ''} of {benefit.ref} saved."
                             if rows else "Nothing had changed.")
            return redirect("benefits:detail", benefit.pk)
    return render(request, "benefits/detail.html", _detail_context(request, benefit, formset), status=400)


@login_required
def chart_svg(request, pk):
    benefit = get_benefit(request, pk)
    return HttpResponse(figures.benefit_figure(benefit, list(benefit.measurements.all())).svg,
                        content_type="image/svg+xml; charset=utf-8")


@login_required
def benefit_form(request, pk=None):
    """Create (no ``pk``) or edit a benefit; R at its level is checked before and after the change."""
    benefit = get_benefit(request, pk, prefetch=True) if pk else None
    if benefit is not None and not request.user.has_perm(benefit.perm("edit"), benefit):
        return refuse(request, benefit.perm("edit"), benefit)
    if benefit is not None and benefit.archived:
        messages.error(request, f"{benefit.ref} is archived: it is kept as it was.")
        return redirect("benefits:detail", benefit.pk)
    initial = {} if benefit else {"owner": request.user.pk, "unit": "£", **{
        name: request.GET[name] for name in ("workstream",) if request.GET.get(name)}}
    if benefit is None and request.GET.get("project"):
        initial["projects"] = [request.GET["project"]]
    form = BenefitForm(request.POST or None, instance=benefit, tenant=request.tenant, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            candidate = form.candidate_scope()
            if not request.user.has_perm(candidate.perm("edit"), candidate):
                form.add_error(None, "You may not keep benefits there. "
                               + rules.describe_refusal(candidate.perm("edit"), candidate))
            else:
                if benefit is None:
                    candidate.created_by = request.user
                try:
                    saved = save_form(form, lambda: _save_benefit(form))  # a database refusal is a form error
                except ValidationError as exc:
                    form.add_error(None, " ".join(exc.messages))
                else:
                    if saved is not None:
                        messages.success(request,
                                         f"{saved.ref} was {'updated' if benefit else 'added to the register'}.")
                        return redirect("benefits:detail", saved.pk)
    return render(request, "benefits/form.html", {"form": form, "benefit": benefit}, status=status)


def _save_benefit(form):
    saved = form.save()
    services.set_attributions(saved, form.attribution_rows())
    return saved


@login_required
@require_POST
def archive(request, pk):
    benefit = get_benefit(request, pk)
    if not request.user.has_perm(benefit.perm("edit"), benefit):
        return refuse(request, benefit.perm("edit"), benefit)
    if not benefit.archived:
        benefit.archived = True
        benefit.save()
        messages.success(request, f"{benefit.ref} was archived; it keeps its history.")
    return redirect("benefits:detail", benefit.pk)


@login_required
def import_measurements(request):
    """Upload measurements; bad rows are listed by row number and nothing is saved. Whoever may edit no benefit
    is refused before the upload is looked at."""
    if not may_add_somewhere(request.user, request.tenant):
        return refuse(request, IMPORT_REFUSAL)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            report = imports.import_measurements(form.cleaned_data["file"], request.user, request.tenant)
            status = 200 if report.ok else 400
        else:
            status = 400
    return render(request, "benefits/import.html", {"form": form, "report": report}, status=status)


@login_required
def settings_form(request):
    settings = BenefitSettings.for_tenant(request.tenant)
    if not request.user.has_perm(SETTINGS_PERM, settings):
        return refuse(request, SETTINGS_PERM, settings)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST":
        if form.is_valid() and save_form(form) is not None:  # a database refusal becomes a form error
            messages.success(request, "The benefit settings were saved.")
            return redirect("benefits:register")
        return render(request, "benefits/settings.html", {"form": form}, status=400)
    return render(request, "benefits/settings.html", {"form": form})
