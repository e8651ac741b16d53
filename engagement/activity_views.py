"""Browser pages of the engagement plan and log (PID s4.2): the register of activities (filters, search, sorting,
paging, .xlsx and CSV downloads, print), an activity with its log, its "you said, we did" responses and its
history, the plan and log forms; the register of responses and a response with its answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import imports as staging
from core.exceptions import PermissionRefused
from core.exports import describe_filters, export_response, wants_export
from core.forms import errors_onto
from core.history import change_log, history_limit
from core.imports import Preview
from core.views import refuse
from engagement import activity_exports as exports
from engagement import activity_imports
from engagement import activity_services as services
from engagement import rules as perms
from engagement.activity_forms import ActivityForm, ImportForm, LogForm, RespondForm, ResponseForm
from engagement.choices import ActivityStatus
from engagement.filtersets_activities import EngagementActivityFilterSet, EngagementResponseFilterSet
from engagement.models import EngagementActivity, EngagementResponse

PAGE_SIZES = (50, 100, 200)


def _page(request, queryset):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    return Paginator(queryset, size if size in PAGE_SIZES else PAGE_SIZES[0]).get_page(request.GET.get("page"))


def activity_queryset():
    return EngagementActivity.objects.select_related("owner", "workstream", "service_change")


@login_required
def activity_list(request):
    """The engagement plan and log with the API's filters; ``?format=xlsx|csv`` downloads it."""
    filterset = EngagementActivityFilterSet(request.GET, queryset=activity_queryset(), request=request)
    if wants_export(request):
        rows = filterset.qs.prefetch_related("objectives", "stakeholders")
        return export_response(request, "engagement-plan", "Engagement plan and log", exports.activity_columns(),
                               rows, describe_filters(filterset))
    page = _page(request, filterset.qs.prefetch_related("objectives"))
    return render(request, "engagement/activity_list.html", {
        "filterset": filterset, "page": page, "page_sizes": PAGE_SIZES, "today": timezone.localdate(),
        "can_add": request.user.has_perm(perms.ADD_ACTIVITY, EngagementActivity(tenant=request.tenant)),
    })


def get_activity(pk):
    return get_object_or_404(activity_queryset(), pk=pk)


def activity_context(request, activity, **forms):
    user = request.user
    responses = list(activity.responses.select_related("owner", "decision__meeting__body", "change_request",
                                                       "plan_item").order_by("number"))
    context = {
        "activity": activity, "responses": responses, "today": timezone.localdate(),
        "objectives": activity.objectives.all(), "stakeholders": activity.stakeholders.all(),
        "history": change_log(activity, limit=history_limit(request)),
        "may_change": user.has_perm(perms.CHANGE_ACTIVITY, activity),
        "may_log": activity.status != ActivityStatus.CANCELLED and services.may_log(user, activity),
    }
    if context["may_log"]:
        context["response_form"] = forms.get("response_form") or ResponseForm(
            tenant=activity.tenant, initial={"owner": activity.owner_id})
    return context


@login_required
def activity_detail(request, pk):
    return render(request, "engagement/activity_detail.html", activity_context(request, get_activity(pk)))


def _saved(request, form, step):
    """Run ``step`` (a service call); None with the refusal on the form, or the 403 page as ``PermissionRefused``."""
    try:
        return step()
    except ValidationError as exc:
        errors_onto(form, exc)
        return None


@login_required
def activity_create(request):
    form = ActivityForm(request.POST or None, instance=EngagementActivity(tenant=request.tenant),
                        tenant=request.tenant, initial={"owner": request.user.pk})
    if not request.user.has_perm(perms.ADD_ACTIVITY, form.instance):
        return refuse(request, perms.ADD_ACTIVITY, form.instance)
    if request.method == "POST" and form.is_valid():
        try:
            activity = _saved(request, form, lambda: services.create_activity(request.user, **form.values()))
        except PermissionRefused as exc:
            return refuse(request, exc)
        if activity is not None:
            messages.success(request, f"{activity.ref} was added to the engagement plan.")
            return redirect("engagement:activity-detail", activity.pk)
    return render(request, "engagement/activity_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def activity_edit(request, pk):
    activity = get_activity(pk)
    if not request.user.has_perm(perms.CHANGE_ACTIVITY, activity):
        return refuse(request, perms.CHANGE_ACTIVITY, activity)
    form = ActivityForm(request.POST or None, instance=get_activity(pk), tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            done = _saved(request, form, lambda: services.update_activity(activity, request.user, **form.values()))
        except PermissionRefused as exc:
            return refuse(request, exc, activity)
        if done is not None:
            messages.success(request, f"{done.ref} was saved.")
            return redirect("engagement:activity-detail", done.pk)
    return render(request, "engagement/activity_form.html", {"form": form, "activity": activity},
                  status=400 if form.errors else 200)


@login_required
def activity_log(request, pk):
    """Record that the activity was held: the day, reach, responses received, what we heard."""
    activity = get_activity(pk)
    if not services.may_log(request.user, activity):
        return refuse(request, perms.CHANGE_ACTIVITY, activity)
    initial = {"held_on": activity.held_on or min(activity.planned_date, timezone.localdate())}
    form = LogForm(request.POST or None, instance=get_activity(pk), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = _saved(request, form, lambda: services.log_activity(activity, request.user, **form.values()))
        except PermissionRefused as exc:
            return refuse(request, exc, activity)
        if done is not None:
            messages.success(request, f"{done.ref} was logged as held on {done.held_on:%-d %B %Y}.")
            return redirect("engagement:activity-detail", done.pk)
    return render(request, "engagement/activity_log.html", {"form": form, "activity": activity},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def response_create(request, pk):
    """Record a "you said" heard at the activity, with its owner and due date."""
    activity = get_activity(pk)
    form = ResponseForm(request.POST, instance=EngagementResponse(tenant=request.tenant, activity=activity),
                        tenant=request.tenant)
    if form.is_valid():
        try:
            response = _saved(request, form, lambda: services.add_response(activity, request.user, **form.values()))
        except PermissionRefused as exc:
            return refuse(request, exc, activity)
        if response is not None:
            messages.success(request, f"{response.ref} was recorded; {response.owner.get_full_name() or response.owner}"
                                      f" answers it by {response.due_date:%-d %B %Y}.")
            return redirect("engagement:activity-detail", activity.pk)
    return render(request, "engagement/activity_detail.html", activity_context(request, activity, response_form=form),
                  status=400)


IMPORT_TEMPLATE = "engagement/activity_import.html"


@login_required
def activity_import(request):
    """Upload the plan as its download writes it (.xlsx or CSV): the preview lists the activities that would be
    added, changed (now → after) and left as they are, and the rows refused; nothing is written until confirmed."""
    if not request.user.has_perm(perms.ADD_ACTIVITY, EngagementActivity(tenant=request.tenant)):
        return refuse(request, perms.ADD_ACTIVITY)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = activity_imports.preview(form.cleaned_data["file"], request.user, request.tenant)
        if preview.ok and preview.writes:
            staging.stage(preview, "engagement", request.tenant, request.user)
    status = 400 if form.errors or (preview and not preview.ok) else 200
    return render(request, IMPORT_TEMPLATE, {"form": form, "plan": preview}, status=status)


@login_required
@require_POST
def activity_import_confirm(request):
    """Apply the preview kept server-side under its token, all or nothing."""
    return staging.confirm(request, Preview, "engagement", activity_imports.apply, IMPORT_TEMPLATE, ImportForm(),
                           refuse)


# "You said, we did" -----------------------------------------------------------------------------------------

def response_queryset():
    return EngagementResponse.objects.select_related("activity", "owner", "decision__meeting__body",
                                                     "change_request", "plan_item")


@login_required
def response_list(request):
    filterset = EngagementResponseFilterSet(request.GET, queryset=response_queryset(), request=request)
    if wants_export(request):
        return export_response(request, "you-said-we-did", "You said, we did", exports.response_columns(),
                               filterset.qs, describe_filters(filterset))
    return render(request, "engagement/response_list.html", {
        "filterset": filterset, "page": _page(request, filterset.qs), "page_sizes": PAGE_SIZES,
        "today": timezone.localdate(),
    })


def response_context(request, response, form=None):
    may = response.responded_on is None and services.may_respond(request.user, response)
    return {"response": response, "today": timezone.localdate(), "may_respond": may,
            "form": (form or RespondForm()) if may else None,
            "history": change_log(response, limit=history_limit(request))}


@login_required
def response_detail(request, pk):
    response = get_object_or_404(response_queryset(), pk=pk)
    return render(request, "engagement/response_detail.html", response_context(request, response))


@login_required
@require_POST
def response_respond(request, pk):
    """Answer "you said" with what we did; without a response text it is refused (400) and nothing is saved."""
    response = get_object_or_404(response_queryset(), pk=pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            done = _saved(request, form, lambda: services.respond(response, request.user, **form.values()))
        except PermissionRefused as exc:
            return refuse(request, exc, response)
        if done is not None:
            messages.success(request, f"{done.ref} was answered.")
            return redirect("engagement:response-detail", done.pk)
    return render(request, "engagement/response_detail.html", response_context(request, response, form), status=400)
