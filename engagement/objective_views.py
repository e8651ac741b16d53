"""Browser pages of the engagement plan's objectives (PID s4.2's nine, the PMO's to word) and of its effectiveness:
each objective's activities, communications risks (linked to the risk register) and measures, each measure drawn
as a server-side SVG chart of its target and monthly actuals with the table of the same numbers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exceptions import PermissionRefused
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.views import refuse
from engagement import activity_services as services
from engagement import effectiveness
from engagement import rules as perms
from engagement.activity_forms import ActualForm, MeasureForm, ObjectiveForm
from engagement.choices import ActivityStatus
from engagement.models import EffectivenessMeasure, EngagementObjective, MeasureActual
from risks.models import Risk


def _risks(user):
    return Prefetch("risks", queryset=Risk.objects.visible_to(user).order_by("number"))


@login_required
def objective_list(request):
    """The nine objectives with how many activities serve each (planned, held) and their communications risks."""
    objectives = (EngagementObjective.objects.annotate(
        planned=Count("activities", filter=Q(activities__status=ActivityStatus.PLANNED), distinct=True),
        held=Count("activities", filter=Q(activities__status=ActivityStatus.HELD), distinct=True),
        measure_count=Count("measures", distinct=True))
        .prefetch_related(_risks(request.user)).order_by("number"))
    return render(request, "engagement/objective_list.html", {
        "objectives": objectives,
        "may_change": request.user.has_perm(perms.CHANGE_OBJECTIVE, EngagementObjective(tenant=request.tenant)),
    })


def _measures(objective):
    measures = (EffectivenessMeasure.objects.filter(objective=objective)
                .prefetch_related(Prefetch("actuals", queryset=MeasureActual.objects.order_by("period"))))
    return [(measure, effectiveness.measure_figure(measure, measure.actuals.all())) for measure in measures]


def objective_context(request, objective, actual_forms=None):
    user = request.user
    probe = EffectivenessMeasure(tenant=objective.tenant, objective=objective)
    may_measure = user.has_perm(perms.ADD_MEASURE, probe)
    may_record = user.has_perm(perms.ADD_ACTUAL, MeasureActual(tenant=objective.tenant, measure=probe))
    actual_forms = actual_forms or {}
    measures = [(measure, figure, actual_forms.get(measure.pk) or ActualForm(
        prefix=f"m{measure.pk}", initial={"period": timezone.localdate().replace(day=1)}) if may_record else None)
        for measure, figure in _measures(objective)]
    return {
        "objective": objective, "measures": measures, "may_measure": may_measure,
        "activities": objective.activities.select_related("owner").order_by("-planned_date", "-number")[:20],
        "activity_count": objective.activities.count(),
        "risks": objective.risks.all(),
        "may_change": user.has_perm(perms.CHANGE_OBJECTIVE, objective),
        "history": change_log(objective, limit=history_limit(request)),
    }


def get_objective(request, pk):
    return get_object_or_404(EngagementObjective.objects.prefetch_related(_risks(request.user)), pk=pk)


@login_required
def objective_detail(request, pk):
    return render(request, "engagement/objective_detail.html", objective_context(request, get_objective(request, pk)))


@login_required
def objective_edit(request, pk):
    objective = get_objective(request, pk)
    if not request.user.has_perm(perms.CHANGE_OBJECTIVE, objective):
        return refuse(request, perms.CHANGE_OBJECTIVE, objective)
    form = ObjectiveForm(request.POST or None, instance=get_objective(request, pk), tenant=request.tenant,
                         user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_objective(objective, request.user, **form.values())
        except PermissionRefused as exc:
            return refuse(request, exc, objective)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Objective {objective.number} was saved.")
            return redirect("engagement:objective-detail", objective.pk)
    return render(request, "engagement/objective_form.html", {"form": form, "objective": objective},
                  status=400 if form.errors else 200)


@login_required
def measure_form(request, pk=None):
    """Add a measure (``?objective=<id>`` chooses its objective) or change one."""
    measure = get_object_or_404(EffectivenessMeasure, pk=pk) if pk else None
    instance = measure or EffectivenessMeasure(tenant=request.tenant)
    perm = perms.CHANGE_MEASURE if measure else perms.ADD_MEASURE
    if not request.user.has_perm(perm, instance):
        return refuse(request, perm, instance)
    initial = {"objective": request.GET.get("objective")} if measure is None else {}
    form = MeasureForm(request.POST or None, instance=instance, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.save_measure(request.user, measure, **form.values())
        except PermissionRefused as exc:
            return refuse(request, exc, instance)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"The measure \"{done.name}\" was saved.")
            return redirect("engagement:objective-detail", done.objective_id)
    return render(request, "engagement/measure_form.html", {"form": form, "measure": measure},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def measure_actual(request, pk):
    """Record a measure's value for a month (a second value for the month replaces the first)."""
    measure = get_object_or_404(EffectivenessMeasure.objects.select_related("objective"), pk=pk)
    form = ActualForm(request.POST, prefix=f"m{measure.pk}")
    if form.is_valid():
        try:
            actual = services.record_actual(measure, request.user, **form.cleaned_data)
        except PermissionRefused as exc:
            return refuse(request, exc, measure)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{measure.name}: {actual.period:%B %Y} was recorded.")
            return redirect("engagement:objective-detail", measure.objective_id)
    objective = get_objective(request, measure.objective_id)
    return render(request, "engagement/objective_detail.html",
                  objective_context(request, objective, {measure.pk: form}), status=400)


@login_required
def effectiveness_page(request):
    """Every objective's measures on one page: each a chart of its target and monthly actuals, with its table."""
    measures = (EffectivenessMeasure.objects.select_related("objective")
                .prefetch_related(Prefetch("actuals", queryset=MeasureActual.objects.order_by("period"))))
    groups = {}
    for measure in measures:
        groups.setdefault(measure.objective, []).append((measure, effectiveness.measure_figure(
            measure, measure.actuals.all())))
    return render(request, "engagement/measure_overview.html", {
        "groups": sorted(groups.items(), key=lambda pair: pair[0].number),
        "objectives": EngagementObjective.objects.order_by("number"),
    })
