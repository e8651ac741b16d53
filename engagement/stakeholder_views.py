"""Browser pages of the stakeholder register (PID s4.2): the register (filters, paging, .xlsx and CSV), the
power/interest grid with its table, a stakeholder with its engagement and history, the add and edit forms, and
erasure of personal data on request (the PMO). Personal data is shown only to the PMO and the stakeholder's owner."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import PermissionRefused
from core.exports import describe_filters, export_response, wants_export
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.views import refuse
from engagement import grid, rules, stakeholder_exports
from engagement import stakeholders as services
from engagement.models import Stakeholder
from engagement.stakeholder_filters import StakeholderFilterSet
from engagement.stakeholder_forms import EraseForm, StakeholderForm

PAGE_SIZES = (50, 100, 200)


def _page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def _filtered(request):
    queryset = Stakeholder.objects.select_related("owner").prefetch_related("workstreams")
    return StakeholderFilterSet(request.GET, queryset=queryset, request=request)


@login_required
def register(request):
    """The register with the API's filters, search, sorting and paging; ``?format=xlsx|csv`` downloads it."""
    filterset = _filtered(request)
    if wants_export(request):
        rows = stakeholder_exports.queryset(filterset.qs)
        return export_response(request, "stakeholders", "Stakeholder register",
                               stakeholder_exports.columns(request.user, filterset.qs), rows,
                               describe_filters(filterset))
    page = Paginator(filterset.qs, _page_size(request)).get_page(request.GET.get("page"))
    pmo = rules.is_pmo(request.user)
    items = list(page.object_list)
    for item in items:
        item.personal = services.visible_personal_data(request.user, item, pmo=pmo)
    return render(request, "engagement/stakeholder_register.html", {
        "filterset": filterset, "page": page, "items": items, "page_sizes": PAGE_SIZES,
        "shows_contacts": any(item.personal for item in items),
        "can_add": request.user.has_perm(rules.ADD_STAKEHOLDER, Stakeholder(tenant=request.tenant)),
    })


@login_required
def grid_page(request):
    """The power/interest grid of the register (with the register's filters) and the table of the same data."""
    filterset = _filtered(request)
    stakeholders = list(filterset.qs.only("pk", "number", "ref", "name", "interest", "influence", "current_support",
                                          "target_support").prefetch_related(None).select_related(None))
    return render(request, "engagement/stakeholder_grid.html", {
        "filterset": filterset, "figure": grid.figure(stakeholders)})


def get_stakeholder(pk):
    return get_object_or_404(Stakeholder.objects.select_related("owner", "erased_by"), pk=pk)


def detail_context(request, stakeholder, erase_form=None):
    user = request.user
    may_erase = user.has_perm(rules.ERASE_STAKEHOLDER, stakeholder)
    return {
        "stakeholder": stakeholder,
        "personal": services.visible_personal_data(user, stakeholder),
        "workstreams": list(stakeholder.workstreams.all()),
        "service_changes": list(stakeholder.service_changes.all()),
        "activities": list(stakeholder.activities.order_by("-planned_date", "-number")[:20]),
        "history": change_log(stakeholder, limit=history_limit(request)),
        "may_change": user.has_perm(rules.CHANGE_STAKEHOLDER, stakeholder),
        "may_erase": may_erase,
        "erase_form": (erase_form or EraseForm()) if may_erase else None,
    }


@login_required
def detail(request, pk):
    stakeholder = get_stakeholder(pk)
    return render(request, "engagement/stakeholder_detail.html", detail_context(request, stakeholder))


def _form(request, instance, data=None):
    personal = rules.may_see_personal_data(request.user, instance if instance.pk else None) or instance.pk is None
    return StakeholderForm(data, instance=instance, tenant=request.tenant, personal=personal)


@login_required
def create(request):
    if not request.user.has_perm(rules.ADD_STAKEHOLDER, Stakeholder(tenant=request.tenant)):
        return refuse(request, rules.ADD_STAKEHOLDER)
    form = _form(request, Stakeholder(tenant=request.tenant), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.create_stakeholder(request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{stakeholder.ref} {stakeholder.name} was added to the register.")
            return redirect("engagement:stakeholder", stakeholder.pk)
    return render(request, "engagement/stakeholder_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    stakeholder = get_stakeholder(pk)
    if not request.user.has_perm(rules.CHANGE_STAKEHOLDER, stakeholder):
        return refuse(request, rules.CHANGE_STAKEHOLDER, stakeholder)
    form = _form(request, get_stakeholder(pk), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.update_stakeholder(stakeholder, request.user, **form.step_arguments())
        except PermissionRefused as exc:
            return refuse(request, exc, stakeholder)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{done.ref} was saved.")
            return redirect("engagement:stakeholder", done.pk)
    return render(request, "engagement/stakeholder_form.html", {"form": form, "stakeholder": stakeholder},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def erase(request, pk):
    stakeholder = get_stakeholder(pk)
    form = EraseForm(request.POST)
    if form.is_valid():
        try:
            services.erase(stakeholder, request.user, form.cleaned_data["reason"])
        except PermissionRefused as exc:
            return refuse(request, exc, stakeholder)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"The personal data of {stakeholder.ref} was erased.")
            return redirect("engagement:stakeholder", stakeholder.pk)
    if not request.user.has_perm(rules.ERASE_STAKEHOLDER, stakeholder):
        return refuse(request, rules.ERASE_STAKEHOLDER, stakeholder)
    return render(request, "engagement/stakeholder_detail.html", detail_context(request, stakeholder, form),
                  status=400)
