"""Browser pages of meetings and board packs (DOMAIN.md s8): a calendar per body, a meeting's agenda, papers,
decisions, actions and packs, and the packs list whose progress bars update themselves (htmx polling a
fragment; no inline script or style). For the PMO: each body's meeting cadence and the partnership's meeting
and pack settings.

Querysets are the tenant-scoped defaults, so another partnership's meeting is 404; packs are narrowed further
to those the user may read (``BoardPack.objects.readable_by``). Whether a user may act is asked of
``user.has_perm`` and nothing else; the services re-check it.
"""

import calendar as calendar_module
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import rules
from core.exceptions import DOMAIN_ERRORS, PermissionRefused
from core.models import User
from core.views import refuse, report
from meetings import services as meetings
from meetings.models import (
    AgendaItem,
    BoardPack,
    Meeting,
    MeetingAction,
    MeetingCadence,
    MeetingSettings,
    MeetingStatus,
    PackStatus,
)
from meetings.models.meetings import LAST_WEEK, WEEKDAYS, ActionStatus
from meetings.models.packs import pack_reader_kinds
from meetings.packs import services
from programme.models import Body

MANAGE = meetings.MANAGE_PERM
WINDOWS = {"upcoming": "Upcoming", "past": "Past", "all": "All"}


class DecisionForm(forms.Form):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ActionForm(forms.Form):
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not a portal user", required=False, max_length=200)
    due_date = forms.DateField(label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agenda_item = forms.ModelChoiceField(label="Agenda item", queryset=AgendaItem.objects.none(), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["owner"].queryset = User.objects.filter(memberships__tenant_id=meeting.tenant_id,
                                                            is_active=True).order_by("first_name", "last_name")
    # That the action has an owner (a user or a name) is the service's rule: meetings.record_action.


WEEK_CHOICES = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (LAST_WEEK, "Last")]
MONTH_CHOICES = [(number, calendar_module.month_name[number]) for number in range(1, 13)]


class CadenceForm(forms.ModelForm):
    """When a body meets: every so many months from a month it meets in, on the nth weekday of the month."""

    every_months = forms.IntegerField(
        label="Meets every how many months", min_value=1, max_value=12,
        help_text="1 for every month, 2 for every two months, 3 for every quarter (1 to 12).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}))
    first_month = forms.TypedChoiceField(
        label="A month it meets in", coerce=int, choices=MONTH_CHOICES,
        help_text="The other meetings follow every so many months from this one (for example January for "
                  "January, March, May… when it meets every 2 months).")
    weekday = forms.TypedChoiceField(label="Day of the week", coerce=int, choices=list(enumerate(WEEKDAYS)))
    week = forms.TypedChoiceField(label="Which one in the month", coerce=int, choices=WEEK_CHOICES,
                                  help_text="For example, the second Tuesday of the month.")

    class Meta:
        model = MeetingCadence
        fields = ["every_months", "first_month", "weekday", "week", "time", "location", "in_public", "active"]
        labels = {
            "time": "Time the meeting starts",
            "location": "Where it meets",
            "in_public": "Meets in public",
            "active": "Schedule this body's meetings from this cadence",
        }
        help_texts = {"time": "24-hour clock, for example 14:00."}
        widgets = {
            "time": forms.TimeInput(attrs={"type": "time", "class": "nhsuk-input--width-5"}, format="%H:%M"),
        }


class MeetingSettingsForm(forms.ModelForm):
    pack_days_before = forms.IntegerField(
        label="Days before each meeting its board pack is prepared", min_value=0, max_value=60,
        help_text="The schedule renders each meeting's pack this many days before it (0 to 60).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))
    meetings_ahead = forms.IntegerField(
        label="Meetings of each body kept scheduled ahead", min_value=1, max_value=24,
        help_text="How many future meetings of each body are scheduled from its cadence (1 to 24).",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))

    class Meta:
        model = MeetingSettings
        fields = ["pack_days_before", "meetings_ahead"]






def may_manage(user, tenant):
    return user.has_perm(MANAGE, Meeting(tenant=tenant))


def may_configure(user, tenant):
    """The PMO's settings pages: each body's cadence and the partnership's meeting settings."""
    return (user.has_perm(meetings.CADENCE_PERM, MeetingCadence(tenant=tenant))
            and user.has_perm(meetings.SETTINGS_PERM, MeetingSettings(tenant=tenant)))


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
        return refuse(request, PermissionRefused(rules.describe_refusal(MANAGE), []), "the meetings calendar")
    created = meetings.generate_all(request.tenant)
    messages.success(request, f"{len(created)} meeting{'s' if len(created) != 1 else ''} scheduled from the bodies' "
                              "cadences." if created else "Every body's next meetings are already scheduled.")
    return redirect("meetings:calendar")


def get_meeting(request, pk):
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def readable_packs(request):
    return BoardPack.objects.readable_by(request.user).select_related("meeting__body", "requested_by")


@login_required
@require_safe
def detail(request, pk):
    meeting = get_meeting(request, pk)
    kinds = pack_reader_kinds(request.user)
    can_manage = request.user.has_perm(MANAGE, meeting)
    packs = list(readable_packs(request).filter(meeting=meeting).order_by("-version"))
    return render(request, "meetings/detail.html", {
        "meeting": meeting,
        "agenda": meetings.numbered_agenda(meeting),
        "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.actions.select_related("owner")),
        "previous": meetings.previous_meeting(meeting),
        "packs": packs,
        "may_read_packs": kinds is None or meeting.body.kind in kinds,
        "can_manage": can_manage,
        "can_request": request.user.has_perm("meetings.add_boardpack", BoardPack(tenant=meeting.tenant,
                                                                                  meeting=meeting)),
        "can_publish": request.user.has_perm("meetings.publish_boardpack", BoardPack(tenant=meeting.tenant,
                                                                                      meeting=meeting)),
        "decision_form": DecisionForm(meeting=meeting) if can_manage else None,
        "action_form": ActionForm(meeting=meeting) if can_manage else None,
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
    if not request.user.has_perm(MANAGE, meeting):
        return refuse(request, PermissionRefused(rules.describe_refusal(MANAGE, meeting), []), meeting)
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
        save(form.cleaned_data)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
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
        "page": page, "packs": page.object_list,
        "can_publish": request.user.has_perm("meetings.publish_boardpack", BoardPack(tenant=request.tenant)),
    })


def get_pack(request, pk):
    return get_object_or_404(readable_packs(request), pk=pk)


@login_required
@require_safe
def pack_progress(request, pk):
    """The pack's status fragment; it polls itself (htmx) until the pack is ready or failed."""
    pack = get_pack(request, pk)
    return render(request, "meetings/_pack_status.html", {
        "pack": pack, "can_publish": request.user.has_perm("meetings.publish_boardpack", pack),
        "can_request": request.user.has_perm("meetings.add_boardpack", pack),
    })


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
# The permission is the service's (meetings.require): asked first here so that a refused user is not shown a form.

@login_required
@require_safe
def cadences(request):
    """Every body with its cadence (or the default it would be given, or none), each with a link to edit it."""
    try:
        meetings.require(request.user, meetings.CADENCE_PERM, MeetingCadence(tenant=request.tenant))
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
        meetings.require(request.user, meetings.CADENCE_PERM, cadence)
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
        meetings.require(request.user, meetings.SETTINGS_PERM, MeetingSettings(tenant=request.tenant))
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
