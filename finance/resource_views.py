"""Browser pages of partner resources: the capacity view (the heat map of pledged against demanded WTE by skill
and quarter, with its table, filters and export), the pledges (with the form to pledge), a project's demand (from
its approved cases, with the form), and the redeployment register (each pledge's outcome, needed before closure).
Each page runs a fixed number of queries whatever the number of pledges and demands."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exceptions import PermissionRefused
from core.exports import export_response, wants_export
from core.forms import errors_onto
from core.views import refuse
from finance import capacity, capacity_chart, resource_exports, resources
from finance.models import ResourceDemand, ResourcePledge
from finance.resource_filtersets import CapacityForm, PledgeFilterSet
from finance.resource_forms import DemandForm, OutcomeForm, PledgeForm
from finance.resource_rules import ADD_DEMAND, ADD_PLEDGE, CHANGE_PLEDGE
from programme.models import Project

PLEDGE_RELATED = ("organisation", "skill", "person", "workstream", "project")


@login_required
def capacity_view(request):
    """Pledged against demanded WTE by skill and quarter; ``?format=xlsx|csv`` downloads the same figures."""
    form = CapacityForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    found = capacity.compute(**(form.arguments() if form.is_bound and valid else {}))
    if wants_export(request) and valid:
        return export_response(request, "capacity", "Capacity, pledged and demanded WTE",
                               resource_exports.CAPACITY_COLUMNS, found.rows())
    return render(request, "finance/resources/capacity.html", {
        "form": form, "capacity": found, "gaps": found.gaps,
        "figure": capacity_chart.figure(found, "Pledged and demanded WTE by skill and quarter", "capacity"),
        "can_pledge": request.user.has_perm(ADD_PLEDGE),
    }, status=200 if valid else 400)


@login_required
def pledges(request):
    filterset = PledgeFilterSet(request.GET, queryset=ResourcePledge.objects.select_related(*PLEDGE_RELATED))
    rows = filterset.qs if filterset.is_valid() else ResourcePledge.objects.none()
    if wants_export(request) and filterset.is_valid():
        return export_response(request, "resource-pledges", "Resource pledges", resource_exports.PLEDGE_COLUMNS,
                               rows)
    return render(request, "finance/resources/pledges.html", {
        "filterset": filterset, "pledges": rows, "can_pledge": request.user.has_perm(ADD_PLEDGE),
        "can_change": request.user.has_perm(CHANGE_PLEDGE),
    }, status=200 if filterset.is_valid() else 400)


@login_required
def pledge_new(request):
    if not request.user.has_perm(ADD_PLEDGE):
        return refuse(request, ADD_PLEDGE, "the partners' resource pledges")
    return _pledge_form(request, PledgeForm(request.POST or None), None)


@login_required
def pledge_edit(request, pk):
    """Correct a pledge (its period, WTE, skill, person...): those who may change it, with the same checks as a new
    one; its redeployment outcome is recorded on the register."""
    pledge = get_object_or_404(ResourcePledge.objects.select_related(*PLEDGE_RELATED), pk=pk)
    if not request.user.has_perm(CHANGE_PLEDGE, pledge):
        return refuse(request, CHANGE_PLEDGE, pledge)
    form = PledgeForm(request.POST or None, initial={name: getattr(pledge, name) for name in PledgeForm.base_fields})
    return _pledge_form(request, form, pledge)


def _pledge_form(request, form, pledge):
    changing = pledge is not None
    if request.method == "POST" and form.is_valid():
        try:
            if not changing:
                pledge = resources.create_pledge(request.user, **form.cleaned_data)
            else:
                pledge = resources.update_pledge(pledge, request.user, **form.cleaned_data)
        except PermissionRefused as exc:
            return refuse(request, exc)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Pledge {'changed' if changing else 'recorded'}: {pledge}.")
            return redirect("finance:pledges")
    status = 400 if request.method == "POST" else 200
    return render(request, "finance/resources/pledge_form.html", {"form": form, "changing": changing},
                  status=status)


@login_required
def project_demand(request, pk):
    """What the project's approved business cases demand, by skill and quarter, with the form to state it."""
    project = get_object_or_404(Project.objects.select_related("workstream"), pk=pk)
    probe = ResourcePledge(tenant=request.tenant, project=project, workstream_id=project.workstream_id)
    may = request.user.has_perm(ADD_DEMAND, probe)
    form = DemandForm(request.POST or None, project=project) if may else None
    status = 200
    if request.method == "POST":
        if not may:
            return refuse(request, ADD_DEMAND, project)
        if form.is_valid():
            try:
                resources.record_demand(request.user, [form.cleaned_data])
            except PermissionRefused as exc:
                return refuse(request, exc, project)
            except ValidationError as exc:
                errors_onto(form, ValidationError({key.split(".", 1)[-1]: value
                                                   for key, value in exc.message_dict.items()}))
            else:
                data = form.cleaned_data
                messages.success(request, f"{data['business_case'].ref} demands {data['wte']} WTE of "
                                          f"{data['skill']} in {data['quarter']}.")
                return redirect("finance:project-demand", pk=project.pk)
        status = 400
    demands = ResourceDemand.objects.filter(project=project).select_related("business_case", "skill")
    found = capacity.compute(project=project)
    return render(request, "finance/resources/demand.html", {
        "project": project, "form": form, "demands": demands, "capacity": found,
        "figure": capacity_chart.figure(found, f"{project.name}: pledged and demanded WTE", "project-capacity"),
    }, status=status)


@login_required
def redeployment(request):
    """The redeployment register: every pledge, its outcome (returned to partner, redeployed, ended) or the form to
    record it. A workstream or project cannot close while a pledge at it has none."""
    filterset = PledgeFilterSet(request.GET, queryset=ResourcePledge.objects.select_related(*PLEDGE_RELATED))
    rows = list(filterset.qs if filterset.is_valid() else ResourcePledge.objects.none())
    allowed = {row.pk for row in rows if request.user.has_perm(CHANGE_PLEDGE, row)}
    return render(request, "finance/resources/redeployment.html", {
        "filterset": filterset, "pledges": rows, "allowed": allowed, "outcome_form": OutcomeForm(),
        "live": sum(1 for row in rows if not row.outcome), "today": timezone.localdate(),
    }, status=200 if filterset.is_valid() else 400)


@login_required
@require_POST
def pledge_outcome(request, pk):
    pledge = get_object_or_404(ResourcePledge.objects.select_related("organisation", "skill"), pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            resources.record_outcome(pledge, request.user, form.cleaned_data["outcome"],
                                     form.cleaned_data["outcome_note"])
        except PermissionRefused as exc:
            return refuse(request, exc, pledge)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Outcome recorded for {pledge}.")
            return redirect("finance:redeployment")
    return render(request, "finance/resources/outcome.html", {"form": form, "pledge": pledge}, status=400)
