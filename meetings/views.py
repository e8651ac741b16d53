"""Browser pages of meetings and board packs (DOMAIN.md s8): a calendar per body, a meeting's agenda, papers,
decisions, actions and packs, and the packs list whose progress bars update themselves (htmx polling a
fragment; no inline script or style). For the PMO: each body's meeting cadence and the partnership's meeting
and pack settings.

Querysets are the tenant-scoped defaults, so another partnership's meeting is 404; packs are narrowed further
to those the user may read (``BoardPack.objects.readable_by``). The buttons of a meeting and of a pack are the
steps of ``meetings.workflows`` the user may take now; other rights are asked of ``user.has_perm``. The services
check again, and their refusals are the 403 page (``core.views.refuse``) or a message (``core.views.report``).
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import rules
from core.exceptions import DOMAIN_ERRORS, PermissionRefused
from core.forms import save_form
from core.views import refuse, report
from meetings import decisions as board_decisions
from meetings import services as meetings
from meetings.choices import MeetingStatus, PackStatus
from meetings.forms import ActionForm, CadenceForm, DecisionForm, MeetingSettingsForm
from meetings.models import BoardPack, Meeting, MeetingAction, MeetingCadence, MeetingSettings
from meetings.models.meetings import ActionStatus
from meetings.models.packs import chaired_body_ids, pack_reader_kinds
from meetings.packs import services
from meetings.permissions import CADENCE_PERM, MANAGE_PERM, PUBLISH_PACK, SETTINGS_PERM
from meetings.workflows import MEETING, PACK, allowed
from programme.models import Body

WINDOWS = {"upcoming": "Upcoming", "past": "Past", "all": "All"}


def may_manage(user, tenant):
    return user.has_perm(MANAGE_PERM, Meeting(tenant=tenant))


def may_configure(user, tenant):
    """The PMO's settings pages: each body's cadence and the partnership's meeting settings."""
    return (user.has_perm(CADENCE_PERM, MeetingCadence(tenant=tenant))
            and user.has_perm(SETTINGS_PERM, MeetingSettings(tenant=tenant)))


@login_required
@require_safe
def calendar(request):
    """Meetings by month, for one body or all, upcoming or past."""
    bodies = list(Body.objects.filter(meetings__isnull=False).distinct().order_by("name"))
    body = next((b for b in bodies if str(b.pk) == request.GET.get("body")), None)
    window = request.GET.get("when") if request.GET.get("when") in WINDOWS else "upcoming"
    today = timezone.localdate()
    rows = Meeting.objects.select_related("body").order_by("date", "body__name")
    if body is not None:
        rows = rows.filter(body=body)
    if window == "upcoming":
        rows = rows.filter(date__gte=today)
    elif window == "past":
        rows = rows.filter(date__lt=today).order_by("-date", "body__name")
    months = [(month, list(items)) for month, items in groupby(rows[:300], key=lambda m: m.date.replace(day=1))]
    return render(request, "meetings/calendar.html", {
        "bodies": bodies, "body": body, "window": window, "windows": WINDOWS, "window_label": WINDOWS[window],
        "months": months, "today": today,
        "can_manage": may_manage(request.user, request.tenant),
        "can_configure": may_configure(request.user, request.tenant),
    })


@login_required
@require_POST
def generate(request):
    if not may_manage(request.user, request.tenant):
        return refuse(request, PermissionRefused(rules.describe_refusal(MANAGE_PERM), []), "the meetings calendar")
    created = meetings.generate_all(request.tenant)
    messages.success(request, f"{len(created)} meeting{'s' if len(created) != 1 else ''} scheduled from the bodies' "
                              "cadences." if created else "Every body's next meetings are already scheduled.")
    return redirect("meetings:calendar")


def get_meeting(request, pk):
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def readable_packs(request):
    return BoardPack.objects.readable_by(request.user).select_related("meeting__body", "requested_by")


def with_steps(user, packs):
    """Each pack with ``steps``, the names of the ``workflows.PACK`` steps ``user`` may take on it now (its buttons)."""
    for pack in packs:
        pack.steps = allowed(PACK, user, pack)
    return packs


@login_required
@require_safe
def detail(request, pk):
    """A meeting: its agenda, packs, decisions and actions. Its buttons are the ``workflows.MEETING`` steps the
    user may take now (``steps``), each pack's the ``workflows.PACK`` steps."""
    meeting = get_meeting(request, pk)
    kinds = pack_reader_kinds(request.user)
    can_manage = request.user.has_perm(MANAGE_PERM, meeting)
    steps = allowed(MEETING, request.user, meeting)
    packs = with_steps(request.user, list(readable_packs(request).filter(meeting=meeting).order_by("-version")))
    may_read_packs = kinds is None or meeting.body.kind in kinds or meeting.body_id in chaired_body_ids(request.user)
    # A draft the user may not read yet is not listed, but its existence is said (PID s3.2: until published).
    drafts_withheld = may_read_packs and meeting.packs.filter(published=False).exclude(
        pk__in=[pack.pk for pack in packs]).exists()
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "agenda": meetings.numbered_agenda(meeting),
        "decisions": list(meeting.decisions.select_related("agenda_item").prefetch_related("interests")),
        "chairs_actions": list(board_decisions.chairs_actions_reported_to(meeting).prefetch_related("interests")),
        "actions": list(meeting.actions.select_related("owner")),
        "previous": meetings.previous_meeting(meeting),
        "packs": packs,
        "may_read_packs": may_read_packs,
        "drafts_withheld": drafts_withheld,
        "can_manage": can_manage,
        "steps": steps,
        "decision_form": DecisionForm(meeting=meeting) if "record_decision" in steps else None,
        "action_form": ActionForm(meeting=meeting) if "record_action" in steps else None,
        "statuses": MeetingStatus, "action_statuses": ActionStatus,
    })


@login_required
@require_POST
def set_status(request, pk):
    meeting = get_meeting(request, pk)
    try:
        meetings.set_status(meeting, request.user, request.POST.get("status", ""))
    except PermissionRefused as exc:
        return refuse(request, exc, meeting)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, f"The meeting is now {MeetingStatus(request.POST['status']).label.lower()}.")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def refresh_agenda(request, pk):
    meeting = get_meeting(request, pk)
    try:
        meetings.require_manage(request.user, meeting)
    except PermissionRefused as exc:
        return refuse(request, exc, meeting)
    meetings.build_agenda(meeting)
    messages.success(request, "The agenda has its standing items and the papers awaiting the body.")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def add_decision(request, pk):
    meeting = get_meeting(request, pk)
    form = DecisionForm(request.POST, meeting=meeting)
    return _record(request, meeting, form, lambda data: meetings.record_decision(
        meeting, request.user, data["text"], data["agenda_item"]), "The decision is recorded.")


@login_required
@require_POST
def add_action(request, pk):
    meeting = get_meeting(request, pk)
    form = ActionForm(request.POST, meeting=meeting)
    return _record(request, meeting, form, lambda data: meetings.record_action(
        meeting, request.user, data["description"], data["owner"], data["owner_name"], data["due_date"],
        data["agenda_item"]), "The action is recorded.")


def _record(request, meeting, form, save, done):
    try:
        meetings.require_manage(request.user, meeting)
    except PermissionRefused as exc:
        return refuse(request, exc, meeting)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("meetings:detail", pk=meeting.pk)
    try:
        save_form(form, lambda: save(form.cleaned_data))  # a database refusal becomes a form error
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        if form.errors:
            messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        else:
            messages.success(request, done)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(MeetingAction.objects.select_related("meeting"), pk=pk)
    try:
        meetings.set_action_status(action, request.user, request.POST.get("status", ""))
    except PermissionRefused as exc:
        return refuse(request, exc, action.meeting)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    return redirect("meetings:detail", pk=action.meeting_id)


@login_required
@require_POST
def request_pack(request, pk):
    meeting = get_meeting(request, pk)
    try:
        pack, created = services.request_pack(meeting, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, meeting)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        pack.refresh_from_db()
        if pack.delayed:
            messages.warning(request, pack.note)
        elif created:
            messages.success(request, f"Version {pack.version} of the pack is being prepared.")
        else:
            messages.info(request, f"Version {pack.version} is already being prepared.")
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_safe
def pack_list(request):
    packs = readable_packs(request).order_by("-meeting__date", "-version")
    page = Paginator(packs, 25).get_page(request.GET.get("page"))
    return render(request, "meetings/packs.html", {
        "page": page, "packs": with_steps(request.user, list(page.object_list)),
        "can_publish": request.user.has_perm(PUBLISH_PACK, BoardPack(tenant=request.tenant)),
    })


def get_pack(request, pk):
    return get_object_or_404(readable_packs(request), pk=pk)


@login_required
@require_safe
def pack_progress(request, pk):
    """The pack's status fragment; it polls itself (htmx) until the pack is ready or failed."""
    pack = with_steps(request.user, [get_pack(request, pk)])[0]
    return render(request, "meetings/_pack_status.html", {"pack": pack})


@login_required
@require_safe
def pack_pdf(request, pk):
    pack = get_pack(request, pk)
    if pack.status != PackStatus.READY or not pack.file:
        raise Http404("This pack's PDF is not ready.")
    return FileResponse(pack.file.open("rb"), content_type="application/pdf", filename=pack.filename)


@login_required
@require_POST
def publish(request, pk):
    pack = get_pack(request, pk)
    try:
        services.publish(pack, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, pack)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, f"Version {pack.version} is published; the board's members have been told.")
    return redirect("meetings:detail", pk=pack.meeting_id)


@login_required
@require_POST
def rerender(request, pk):
    pack = get_pack(request, pk)
    try:
        services.rerender(pack, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, pack)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, f"Version {pack.version} is being rendered again.")
    return redirect("meetings:detail", pk=pack.meeting_id)


# The PMO's settings: cadences and meeting settings ------------------------------------------------------------
# The permission is the service's (core.rules.require): asked first here so that a refused user is not shown a form.

@login_required
@require_safe
def cadences(request):
    """Every body with its cadence (or the default it would be given, or none), each with a link to edit it."""
    try:
        rules.require(request.user, CADENCE_PERM, MeetingCadence(tenant=request.tenant))
    except PermissionRefused as exc:
        return refuse(request, exc, "the meeting cadences")
    rows = []
    for body in Body.objects.select_related("meeting_cadence").order_by("name"):
        cadence = meetings.cadence_to_edit(body)
        has_default = cadence.pk is not None or body.kind in meetings.DEFAULT_CADENCES
        rows.append({"body": body, "cadence": cadence if has_default else None, "saved": cadence.pk is not None})
    return render(request, "meetings/cadences.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cadence_form(request, body_pk):
    """Edit a body's cadence (or give it one). GET shows the form; POST saves it, or answers 400 with the errors."""
    body = get_object_or_404(Body, pk=body_pk)
    cadence = meetings.cadence_to_edit(body)
    form = CadenceForm(request.POST or None, instance=cadence)
    context = {"form": form, "body": body, "new": cadence.pk is None,
               "has_default": body.kind in meetings.DEFAULT_CADENCES}
    try:
        rules.require(request.user, CADENCE_PERM, cadence)
        if request.method != "POST":
            return render(request, "meetings/cadence_form.html", context)
        if not form.is_valid():
            return render(request, "meetings/cadence_form.html", context, status=400)
        meetings.save_cadence(form.instance, request.user)
    except PermissionRefused as exc:
        return refuse(request, exc, f"the {body.name}'s cadence")
    messages.success(request, f"The {body.name} now meets {cadence.describe()}. Meetings already scheduled keep "
                              "their dates; scheduling the next meetings follows the new cadence.")
    return redirect("meetings:cadences")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_form(request):
    """The partnership's meeting and board pack settings (``MeetingSettings``)."""
    try:
        rules.require(request.user, SETTINGS_PERM, MeetingSettings(tenant=request.tenant))
    except PermissionRefused as exc:
        return refuse(request, exc, "the meeting settings")
    form = MeetingSettingsForm(request.POST or None, instance=MeetingSettings.for_tenant(request.tenant))
    if request.method != "POST":
        return render(request, "meetings/settings.html", {"form": form})
    if not form.is_valid():
        return render(request, "meetings/settings.html", {"form": form}, status=400)
    meetings.save_settings(form.instance, request.user)
    messages.success(request, "The meeting and board pack settings are saved.")
    return redirect("meetings:calendar")
