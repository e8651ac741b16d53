"""Browser pages of the Programme Plan: the register (with exports), an item with its dependencies, slippage
chain and variance, the add and edit forms, and the baselines with their comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core.exceptions import PermissionRefused, WrongState
from core.exports import describe_filters, export_response, wants_export
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.paging import register_page
from core.views import refuse, report
from plan import exports, roadmap, roadmap_data, rules, services
from plan.filtersets import PlanItemFilterSet
from plan.forms import BaselineForm, CompleteForm, DependencyForm, ExternalDependencyForm, PlanItemForm
from plan.models import Baseline, ExternalDependency, PlanDependency, PlanItem, PlanSettings
from plan.roadmap_data import RoadmapFilterSet

PAGE_SIZES = (50, 100, 200)


def _page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


@login_required
def register(request):
    """The plan with the API's filters, search, sorting and paging; ``?format=xlsx|csv`` downloads it."""
    queryset = PlanItem.objects.select_related("workstream", "project", "owner", "stage")
    filterset = PlanItemFilterSet(request.GET, queryset=queryset, request=request)
    if wants_export(request):
        rows = exports.rows(filterset.qs.prefetch_related("predecessor_links__predecessor", "external_dependencies"))
        return export_response(request, "programme-plan", "Programme plan", exports.columns(services.slippage()),
                               rows, describe_filters(filterset))
    page = register_page(request, filterset.qs, _page_size(request))
    pushes = services.slippage()
    items = page.rows
    for item in items:
        item.push = pushes.get(item.pk)
    return render(request, "plan/register.html", {
        "filterset": filterset, "page": page, "items": items, "page_sizes": PAGE_SIZES,
        "baseline": services.current_baseline(),
        "can_add": request.user.has_perm(rules.ADD_ITEM, PlanItem(tenant=request.tenant)),
        "can_change_settings": request.user.has_perm(rules.CHANGE_SETTINGS, PlanSettings(tenant=request.tenant)),
    })


def get_item(pk):
    return get_object_or_404(PlanItem.objects.select_related("workstream", "project", "owner", "stage",
                                                             "change_request"), pk=pk)


def detail_context(request, item, **forms):
    user = request.user
    pushes = services.slippage()
    dependency = PlanDependency(tenant=item.tenant, successor=item, predecessor=item)
    context = {
        "item": item, "push": pushes.get(item.pk),
        "waits_for": PlanDependency.objects.filter(successor=item).select_related("predecessor"),
        "waited_on_by": PlanDependency.objects.filter(predecessor=item).select_related("successor"),
        "externals": ExternalDependency.objects.filter(item=item),
        "entries": item.baseline_entries.select_related("baseline").order_by("-baseline__number"),
        "history": change_log(item, limit=history_limit(request)),
        "may_change": user.has_perm(rules.CHANGE_ITEM, item),
        "may_complete": not item.is_complete and user.has_perm(rules.COMPLETE_ITEM, item),
        "may_rebaseline": user.has_perm(rules.REBASELINE_ITEM, item),
        "may_link": user.has_perm(rules.ADD_DEPENDENCY, dependency),
        "pushes": pushes,
    }
    if context["may_link"]:
        context["dependency_form"] = forms.get("dependency_form") or DependencyForm(tenant=item.tenant, successor=item)
        context["external_form"] = forms.get("external_form") or ExternalDependencyForm(tenant=item.tenant, item=item)
    if context["may_complete"]:
        context["complete_form"] = forms.get("complete_form") or CompleteForm()
    return context


@login_required
def detail(request, pk):
    return render(request, "plan/detail.html", detail_context(request, get_item(pk)))


def _item_form(request, instance, data=None):
    return PlanItemForm(data, instance=instance, tenant=request.tenant, user=request.user)


@login_required
def create(request):
    """Add an item where the user manages the plan (the PMO and Programme Director anywhere; leads and project
    managers on their own workstream or project)."""
    form = _item_form(request, PlanItem(tenant=request.tenant), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, form.instance)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{item.ref} was added to the plan.")
            return redirect("plan:detail", item.pk)
    return render(request, "plan/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    item = get_item(pk)
    if not request.user.has_perm(rules.CHANGE_ITEM, item):
        return refuse(request, rules.CHANGE_ITEM, item)
    form = _item_form(request, get_item(pk), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.update_item(item, request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, item)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{done.ref} was saved." + (
                f" Its slip is beyond tolerance: {done.change_request.ref} was raised for change control."
                if done.change_request_id and done.change_request.is_open else ""))
            return redirect("plan:detail", done.pk)
    return render(request, "plan/form.html", {"form": form, "item": item}, status=400 if form.errors else 200)


@login_required
@require_POST
def complete(request, pk):
    item = get_item(pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_item(item, request.user, form.cleaned_data.get("actual_date"))
        except PermissionRefused as exc:
            return refuse(request, exc, item)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{item.ref} is complete.")
            return redirect("plan:detail", item.pk)
    return render(request, "plan/detail.html", detail_context(request, item, complete_form=form), status=400)


@login_required
@require_POST
def rebaseline(request, pk):
    item = get_item(pk)
    try:
        done = services.rebaseline_item(item, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, item)
    messages.success(request, f"{done.ref} was re-baselined.")
    return redirect("plan:detail", item.pk)


@login_required
@require_POST
def add_dependency(request, pk):
    item = get_item(pk)
    form = DependencyForm(request.POST, tenant=request.tenant, successor=item)
    if form.is_valid():
        try:
            services.add_dependency(request.user, successor=item, **form.cleaned_data)
        except PermissionRefused as exc:
            return refuse(request, exc, item)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The dependency was recorded.")
            return redirect("plan:detail", item.pk)
    return render(request, "plan/detail.html", detail_context(request, item, dependency_form=form), status=400)


@login_required
@require_POST
def remove_dependency(request, pk, dependency_pk):
    item = get_item(pk)
    dependency = get_object_or_404(PlanDependency, Q(successor=item) | Q(predecessor=item), pk=dependency_pk)
    try:
        services.remove_dependency(dependency, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, item)
    messages.success(request, "The dependency was removed.")
    return redirect("plan:detail", item.pk)


@login_required
@require_POST
def add_external(request, pk):
    item = get_item(pk)
    form = ExternalDependencyForm(request.POST, tenant=request.tenant, item=item)
    if form.is_valid():
        try:
            services.add_external(request.user, item=item, **form.cleaned_data)
        except PermissionRefused as exc:
            return refuse(request, exc, item)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The external dependency was recorded.")
            return redirect("plan:detail", item.pk)
    return render(request, "plan/detail.html", detail_context(request, item, external_form=form), status=400)


@login_required
def baselines(request):
    """Every baseline, newest first, and (for the PMO) a form to baseline the plan now."""
    may = request.user.has_perm(rules.ADD_BASELINE, Baseline(tenant=request.tenant))
    form = BaselineForm(request.POST or None)
    if request.method == "POST":
        if not may:
            return refuse(request, rules.ADD_BASELINE, "the plan")
        if form.is_valid():
            try:
                baseline = services.take_baseline(request.user, form.cleaned_data["label"])
            except (PermissionRefused, WrongState) as exc:
                report(request, exc)
            else:
                messages.success(request, f"The plan was baselined as {baseline.ref}.")
                return redirect("plan:baselines")
    found = list(Baseline.objects.select_related("taken_by", "stage").order_by("-number"))
    return render(request, "plan/baselines.html", {"baselines": found, "form": form if may else None},
                  status=400 if form.errors else 200)


@login_required
def compare(request):
    """Two baselines item by item (``?from=&to=``); each defaults to the two latest."""
    found = list(Baseline.objects.order_by("-number"))
    by_pk = {str(baseline.pk): baseline for baseline in found}
    errors = []
    chosen = {}
    defaults = {"from": found[1] if len(found) > 1 else None, "to": found[0] if found else None}
    for name in ("from", "to"):
        value = request.GET.get(name, "")
        if value and value not in by_pk:
            errors.append((name, f"Choose a baseline of this partnership for \"{name}\"."))
        chosen[name] = by_pk.get(value) or defaults[name]
    rows = services.compare(chosen["from"], chosen["to"]) if chosen["from"] and chosen["to"] else []
    return render(request, "plan/compare.html", {
        "baselines": found, "earlier": chosen["from"], "later": chosen["to"], "rows": rows, "errors": errors,
        "moved": sum(1 for row in rows if row["change"] == "moved"),
    }, status=400 if errors else 200)


@login_required
def roadmap_page(request):
    """The roadmap: a Gantt drawing by workstream and, beside it, the same items in a table; printable on A3."""
    filterset = RoadmapFilterSet(request.GET or None, queryset=PlanItem.objects.all(), request=request)
    start, end = filterset.window()
    today = timezone.localdate()
    errors = filterset.form.errors
    bars, arrows = roadmap_data.bars_and_arrows(filterset.qs if not errors else PlanItem.objects.none(), today)
    return render(request, "plan/roadmap.html", {
        "filterset": filterset, "today": today,
        "svg": mark_safe(roadmap.render_roadmap(bars, arrows, today, start, end)),  # noqa: S308 (escaped by roadmap)
        "rows": roadmap.data_table(bars, today, start, end), "baseline": services.current_baseline(),
    }, status=400 if errors else 200)
