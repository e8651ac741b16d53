"""Meetings of the governance bodies: cadence, agenda, decisions and actions (DOMAIN.md s8; PID s3.4.2, s4.4).

A body meets on a cadence (``MeetingCadence``); ``meetings.services`` turns it into ``Meeting`` rows with a
standing agenda and the papers awaiting the body's decision. What the meeting decides and the actions it gives
are logged against it (``MeetingDecision``, ``MeetingAction``), and the next board pack reports them.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models.base import TenantModel, tenant_history
from core.rules import TENANT_SCOPE
from meetings.choices import AgendaSection, MeetingStatus, Purpose


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


LAST_WEEK = 5
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def default_pack_days_before():
    return getattr(settings, "BOARD_PACK_DAYS_BEFORE", 7)


class MeetingSettings(TenantModel):
    """The PMO's per-tenant settings for meetings and board packs; one row per tenant, made with the defaults."""

    pack_days_before = models.PositiveSmallIntegerField(
        default=default_pack_days_before, validators=[MaxValueValidator(60)],
        help_text="Board packs are rendered automatically this many days before each meeting.",
    )
    meetings_ahead = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="How many future meetings of each body are kept scheduled from its cadence.",
    )

    history = tenant_history(table_name="programme_historicalmeetingsettings")

    class Meta:
        db_table = "programme_meetingsettings"  # its name from before it moved here
        verbose_name = "meeting settings"
        verbose_name_plural = "meeting settings"
        constraints = [models.UniqueConstraint(fields=["tenant"], name="meeting_settings_one_per_tenant",
                                               violation_error_message=("This partnership already has meeting "
                                                                        "settings."))]

    def __str__(self):
        return "Meeting settings"

    @classmethod
    def for_tenant(cls, tenant):
        tenant_id = getattr(tenant, "pk", tenant)
        found = cls.all_tenants.filter(tenant_id=tenant_id).first()
        return found or cls.all_tenants.create(tenant_id=tenant_id)


class MeetingCadence(TenantModel):
    """When a body meets: every ``every_months`` months from ``first_month``, on the ``week``-th ``weekday``.

    DOMAIN.md s8 *defaults* (``meetings.services.DEFAULT_CADENCES``): the Partnership Board every two months, in
    public; the Delivery Board and the Implementation Group monthly. Which meetings review risk follows the
    body's own ``risk_review_cycle`` (PID s4.4)."""

    body = models.OneToOneField("programme.Body", on_delete=models.CASCADE, related_name="meeting_cadence")
    every_months = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                           MaxValueValidator(12)])
    first_month = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="A month the series meets in (1 = January); the others follow every_months apart.",
    )
    weekday = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(6)],
                                               help_text="0 = Monday … 6 = Sunday.")
    week = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1), MaxValueValidator(LAST_WEEK)],
                                            help_text="Which such weekday of the month (5 = the last).")
    time = models.TimeField(default=datetime.time(10, 0))
    location = models.CharField(max_length=200, blank=True)
    in_public = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    history = tenant_history(table_name="programme_historicalmeetingcadence")

    class Meta:
        db_table = "programme_meetingcadence"  # its name from before it moved here
        ordering = ["body__name"]
        constraints = [
            models.CheckConstraint(condition=Q(every_months__range=(1, 12), first_month__range=(1, 12),
                                               weekday__range=(0, 6), week__range=(1, LAST_WEEK)),
                                   name="meeting_cadence_in_range",
                                   violation_error_message=("Check the cadence: every 1 to 12 months, a first month "
                                                            "from January to December, a weekday and a week of the "
                                                            "month.")),
        ]

    def __str__(self):
        return f"{self.body}: {self.describe()}"

    def describe(self):
        ordinal = "last" if self.week == LAST_WEEK else ["first", "second", "third", "fourth"][self.week - 1]
        every = "every month" if self.every_months == 1 else f"every {self.every_months} months"
        return f"{every}, the {ordinal} {WEEKDAYS[self.weekday]} at {self.time:%H:%M}"

    def raci_scope(self):
        return TENANT_SCOPE


class Meeting(TenantModel):
    """One meeting of one body. The generator makes at most one per body and month, so a meeting the PMO moves
    within its month is not made again."""

    body = models.ForeignKey("programme.Body", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    in_public = models.BooleanField(default=False, help_text="Held in public (the Partnership Board, PID s3.2).")
    risk_review = models.BooleanField(default=False, help_text="Reviews the body's risks (PID s4.4 review cycle).")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    notes = models.TextField(blank=True, help_text="Notes of the meeting (attendance, apologies).")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(table_name="programme_historicalmeeting", excluded_fields=["updated"])

    class Meta:
        db_table = "programme_meeting"  # its name from before it moved here
        ordering = ["date", "body__name"]
        indexes = [models.Index(fields=["tenant", "date"], name="meeting_tenant_date")]
        constraints = [models.UniqueConstraint(fields=["body", "date"], name="meeting_one_per_body_and_day",
                                               violation_error_message="This board already meets on that day.")]

    def __str__(self):
        return f"{self.body} – {self.date.day} {self.date:%B %Y}"

    def raci_scope(self):
        return TENANT_SCOPE

    def clean(self):
        if self.status == MeetingStatus.HELD and self.date and self.date > timezone.localdate():
            raise ValidationError({"status": "A meeting cannot be recorded as held before its date."})


class AgendaItem(TenantModel):
    """An item on a meeting's agenda: a standing item, a paper awaiting the body's decision, or other business.
    A paper names the item it puts to the body (a business case, a brief, a change request, a risk's escalation)
    loosely, by content type and id, because the programme app does not depend on the apps that own them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    section = models.PositiveSmallIntegerField(choices=AgendaSection.choices, default=AgendaSection.OTHER)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    description = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    standing_key = models.CharField(max_length=40, blank=True, help_text="Which standing item this is, if one.")
    paper_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    paper_id = models.PositiveBigIntegerField(null=True, blank=True)
    paper_ref = models.CharField(max_length=30, blank=True)
    paper_source = models.CharField(max_length=60, blank=True, help_text="The registry's paper source key.")
    link = models.CharField(max_length=300, blank=True)
    automatic = models.BooleanField(default=False, help_text="Put on the agenda by the portal, not by a person.")

    history = tenant_history(table_name="programme_historicalagendaitem")

    class Meta:
        db_table = "programme_agendaitem"  # its name from before it moved here
        ordering = ["meeting", "section", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "standing_key"], condition=~Q(standing_key=""),
                                    name="agenda_item_standing_once",
                                    violation_error_message="That standing item is already on this agenda."),
            models.UniqueConstraint(fields=["meeting", "paper_type", "paper_id"], condition=Q(paper_id__isnull=False),
                                    name="agenda_item_paper_once",
                                    violation_error_message="That paper is already on this agenda."),
        ]

    def __str__(self):
        return self.title

    def raci_scope(self):
        return TENANT_SCOPE


class MeetingDecision(TenantModel):
    """A decision in a body's decisions log: recorded at a meeting, or (a board's decision between meetings) a
    documented chair's action with its reason, which the body's next meeting is told of (PID s3.2).

    A board's decision on a paper (``meetings.decisions.record_board_decision``) names the body, the paper (by
    content type and id, as an agenda item does), the outcome, any conditions and who declared an interest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions",
                                help_text="Empty for a chair's action taken between meetings.")
    body = models.ForeignKey("programme.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="The body whose decision this is.")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()
    paper_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    paper_id = models.PositiveBigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=60, blank=True, help_text="What the body decided, e.g. approve.")
    conditions = models.TextField(blank=True)
    interests = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                       help_text="Members who declared an interest.")
    chairs_action = models.BooleanField(default=False, help_text="Decided by chair's action, outside a meeting.")
    reason = models.TextField(blank=True, help_text="Why a chair's action could not wait for a meeting.")
    decided_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalmeetingdecision")

    class Meta:
        db_table = "programme_meetingdecision"  # its name from before it moved here
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | (Q(chairs_action=True, body__isnull=False) & ~Q(reason="")),
                name="meeting_decision_at_meeting_or_chairs_action",
                violation_error_message="Record the decision at a meeting of the board, or as a chair's action "
                                        "with its reason.",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "paper_type", "paper_id"], name="meeting_decision_paper")]

    def __str__(self):
        return self.text[:80]

    def raci_scope(self):
        return TENANT_SCOPE

    def clean(self):
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": "Choose an item of this meeting's agenda."})
        if self.meeting_id is None and not (self.chairs_action and self.reason.strip()):
            raise ValidationError({"meeting": "A decision is recorded at a meeting, or as a chair's action with "
                                              "its reason."})


class MeetingAction(TenantModel):
    """An action a meeting gives someone (the actions log): owner, due date, status."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    owner_name = models.CharField(max_length=200, blank=True, help_text="The owner, when not a portal user.")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", editable=False)
    created = models.DateTimeField(auto_now_add=True)

    history = tenant_history(table_name="programme_historicalmeetingaction")

    class Meta:
        db_table = "programme_meetingaction"  # its name from before it moved here
        ordering = ["meeting", "due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def raci_scope(self):
        return TENANT_SCOPE

    @property
    def owner_display(self):
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.username
        return self.owner_name

    @property
    def overdue(self):
        return bool(self.status == ActionStatus.OPEN and self.due_date and self.due_date < timezone.localdate())

    def clean(self):
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": "Choose an item of this meeting's agenda."})

    def save(self, *args, **kwargs):
        if self.status == ActionStatus.DONE and not self.completed_on:
            self.completed_on = timezone.localdate()
        elif self.status != ActionStatus.DONE:
            self.completed_on = None
        super().save(*args, **kwargs)
