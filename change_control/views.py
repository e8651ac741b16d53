"""Browser pages of change control: the change log, a request's path through the steps with the form for the
next step (only for those the workflow's table lets take it), and the raise and resubmit forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from change_control import exports, services
from change_control.choices import Authority, Decision, Status
from change_control.filtersets import ChangeRequestFilterSet
from change_control.forms import STEP_FORMS, BoardDecideForm, ChangeRequestForm
from change_control.models import ChangeRequest
from change_control.workflows import REQUEST, next_step
from core import rules
from core.exceptions import PermissionRefused, WrongState
from core.exports import describe_filters, export_response, wants_export
from core.forms import errors_onto, save_form
from core.history import change_log, history_limit
from core.paging import register_page
from core.views import refuse, report
from meetings import decisions

PAGE_SIZES = (25, 50, 100)
STEP_LABELS = [
    ("logged", "Capture and log"),
    ("assessed", "Analyse and assess"),
    ("proposed", "Propose the action"),
    ("decided", "Decide: approve, reject or defer"),
    ("implemented", "Implement"),
]


def _page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


@login_required
def change_log_page(request):
    """The change log with the API's filters, search, sorting and paging."""
    queryset = ChangeRequest.objects.select_related("workstream", "project", "business_case", "originator")
    filterset = ChangeRequestFilterSet(request.GET, queryset=queryset, request=request)
    if wants_export(request):
        return export_response(request, "change-log", "Change log", exports.COLUMNS,
                               filterset.qs.select_related("project__workstream"), describe_filters(filterset))
    page = register_page(request, filterset.qs, _page_size(request))
    awaiting = dict(
        ChangeRequest.objects.filter(status=Status.PROPOSED).order_by().values("authority")
        .annotate(n=Count("pk")).values_list("authority", "n")
    )
    return render(request, "change_control/log.html", {
        "can_add": request.user.has_perm(services.ADD, ChangeRequest(tenant=request.tenant)),
        "filterset": filterset, "page": page, "requests": page.rows, "page_sizes": PAGE_SIZES,
        "awaiting_counts": [(Authority(value), awaiting[value]) for value in Authority.values if awaiting.get(value)],
    })


def get_request(pk):
    return get_object_or_404(
        ChangeRequest.objects.select_related(
            "workstream", "project", "business_case", "originator", "assessed_by", "proposed_by", "decided_by",
            "implemented_by", "predecessor", "successor",
        ),
        pk=pk,
    )


def timeline(change_request):
    """The five steps (PID s4.7) with who did each and when, and which is under way."""
    done_at = {
        "logged": (change_request.originator, change_request.created),
        "assessed": (change_request.assessed_by, change_request.assessed_at),
        "proposed": (change_request.proposed_by, change_request.proposed_at),
        "decided": (change_request.decided_by, change_request.decided_at),
        "implemented": (change_request.implemented_by, change_request.implemented_at),
    }
    current = [s.value for s in Status].index(change_request.status)
    finished = change_request.status == Status.DECIDED and change_request.decision != Decision.APPROVE
    steps = []
    for index, (status, label) in enumerate(STEP_LABELS):
        who, when = done_at[status]
        if index <= current:
            state = "done"
        elif index == current + 1 and not finished:
            state = "next"
        else:
            state = "not_applicable" if finished else "later"
        steps.append({"key": status, "label": label, "state": state, "who": who, "when": when})
    return steps


def awaiting_text(change_request):
    """Who the request waits for, in words."""
    step = next_step(change_request)
    if step in ("assess", "propose"):
        return "The PMO, to " + ("assess it" if step == "assess" else "propose the action")
    if step == "decide":
        label = Authority(change_request.authority).label
        if services.board_of(change_request) is not None:
            return (f"The {label}, to decide as a board at one of its meetings (its chair or the PMO records the "
                    "decision)")
        if change_request.authority == Authority.WORKSTREAM_SRO and change_request.workstream_id:
            label = f"The SRO of {change_request.workstream.name}"
        return f"{label}, to decide"
    if step == "implement":
        return "The PMO or the Programme Director, to implement it"
    return None


def step_form_for(request, change_request, step, data=None):
    """The form of ``step`` (bound to ``data`` when given): the Delivery Board's decision takes how it decided."""
    if step == "decide" and services.board_of(change_request) is not None:
        return BoardDecideForm(data, body=services.board_of(change_request), tenant=request.tenant)
    form_class = STEP_FORMS[step]
    return form_class(data, user=request.user) if step == "assess" else form_class(data)


def board_decision(change_request):
    """The board's recorded decision on the request (the latest), or None."""
    if services.board_of(change_request) is None or not change_request.decision:
        return None
    return decisions.decisions_on(change_request).last()


def detail_context(request, change_request, step_form=None):
    user = request.user
    step = next_step(change_request)
    perm = REQUEST[step].perm if step else None
    took_part = bool(step) and rules.separation_refusal(user, perm, change_request) is not None
    may = bool(step) and REQUEST.may(user, change_request, step)
    if may and step_form is None and step in STEP_FORMS:
        step_form = step_form_for(request, change_request, step)
    board = services.board_of(change_request)
    return {
        "cr": change_request,
        "steps": timeline(change_request),
        "next_step": step,
        "may_act": may,
        "step_form": step_form,
        "awaiting": awaiting_text(change_request),
        "refusal": services.refusal(user, change_request, perm) if step and not may and perm else "",
        "board": board,
        "board_decision": board_decision(change_request),
        "took_part": took_part,
        "deciders": services.deciders(change_request) if step == "decide" else [],
        "linked_risks": list(change_request.linked_risks.order_by("number")),
        "versions": services.versions(change_request),
        "history": change_log(change_request, limit=history_limit(request)),
    }


@login_required
def detail(request, pk):
    return render(request, "change_control/detail.html", detail_context(request, get_request(pk)))


@login_required
@require_POST
def step(request, pk, step):
    """POST one step from the request's page: 400 with the form's errors, 403 or a message for a refusal."""
    change_request = get_request(pk)
    form = step_form_for(request, change_request, step, request.POST)
    try:
        services.check_step(change_request, request.user, step)
    except WrongState as exc:
        report(request, exc)
        return redirect("change_control:detail", change_request.pk)
    except PermissionRefused as exc:
        return refuse(request, exc, change_request)
    if form.is_valid():
        action = getattr(services, step)
        try:
            done = action(change_request, request.user, **form.step_arguments())
        except (WrongState, PermissionRefused) as exc:
            report(request, exc)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{done.ref} is now {done.get_status_display().lower()}"
                             + (f": {done.get_decision_display().lower()}." if step == "decide" else "."))
            return redirect("change_control:detail", done.pk)
        if not form.errors:
            return redirect("change_control:detail", change_request.pk)
    return render(request, "change_control/detail.html", detail_context(request, change_request, form), status=400)


def _raise_form(request, data=None, instance=None, initial=None):
    return ChangeRequestForm(data, instance=instance or ChangeRequest(tenant=request.tenant), tenant=request.tenant,
                             user=request.user, initial=initial)


@login_required
def create(request):
    """Raise a change request, concern, suggestion, idea or dissatisfaction: any member may (PID s4.7)."""
    if not request.user.has_perm(services.ADD, ChangeRequest(tenant=request.tenant)):
        return refuse(request, services.ADD, "the change log")
    initial = {name: request.GET[name] for name in ("workstream", "project", "business_case") if request.GET.get(name)}
    form = _raise_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (change_request := save_form(  # a refusal is a form error
            form, lambda: services.log(request.user, **form.step_arguments()))) is not None:
        messages.success(request, f"{change_request.ref} was logged. The PMO will assess it.")
        return redirect("change_control:detail", change_request.pk)
    return render(request, "change_control/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def resubmit(request, pk):
    """Resubmit a deferred request, modified, as a new version (starting at logged)."""
    previous = get_request(pk)
    try:
        services.check_step(previous, request.user, "resubmit")
    except WrongState as exc:
        report(request, exc)
        return redirect("change_control:detail", previous.pk)
    except PermissionRefused as exc:
        return refuse(request, exc, previous)
    initial = {"kind": previous.kind, "title": previous.title, "description": previous.description,
               "workstream": previous.workstream_id, "project": previous.project_id,
               "business_case": previous.business_case_id}
    form = _raise_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.resubmit(previous, request.user, **form.step_arguments())
        except (WrongState, PermissionRefused) as exc:
            report(request, exc)
            return redirect("change_control:detail", previous.pk)
        messages.success(request, f"{previous.ref} was resubmitted as {new.ref} (version {new.version}).")
        return redirect("change_control:detail", new.pk)
    return render(request, "change_control/form.html", {"form": form, "previous": previous},
                  status=400 if form.errors else 200)
