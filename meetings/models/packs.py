"""Board packs: one PDF per meeting and version, rendered in the background (DOMAIN.md s8), and the log of
scheduled review-cycle jobs that makes each of them run once.

Who may read a pack is narrower than the tenant: that body's members, the PMO, the Programme Director and the
joint SROs (``pack_reader_kinds``). Until it is published a pack is a draft, read only by those who prepare and
publish packs (the PMO and the Programme Director: ``reads_drafts``) and the body's chairs (``Body.chairs``); the
other readers read it once published. Publishing (RACI ``publish_board_pack``, R or A) freezes a pack and records
the SHA-256 of its bytes; regenerating makes a new version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.choices import Role
from core.models.base import AllTenantsManager, TenantManager, TenantModel, TenantQuerySet, tenant_history
from core.rules import TENANT_SCOPE
from meetings.choices import PackStatus
from programme.choices import BodyKind

PACK_PROCESS = "publish_board_pack"
# A body's members are those holding the role of the same name (DOMAIN.md s3 roles).
BODY_MEMBER_ROLES = {
    BodyKind.PARTNERSHIP_BOARD: Role.PARTNERSHIP_BOARD,
    BodyKind.DELIVERY_BOARD: Role.DELIVERY_BOARD,
    BodyKind.IMPLEMENTATION_GROUP: Role.IMPLEMENTATION_GROUP,
}
# DOMAIN.md s8: besides the body's members, these read every body's packs.
PROGRAMME_READERS = {Role.PMO, Role.PROGRAMME_DIRECTOR, Role.JOINT_SRO}
# PID s3.2: a draft pack is the secretariat's and the director's (and the body's chairs') until it is published.
DRAFT_READERS = {Role.PMO, Role.PROGRAMME_DIRECTOR}


class PackImmutable(ValidationError):
    """A published pack cannot change."""


def pack_reader_kinds(user):
    """The body kinds whose packs ``user`` may read in the active tenant: None for every body, or a set."""
    from core import rules

    access = rules.current_access(user)
    if access is None or not access.is_member:
        return set()
    roles = {role for role, workstream_id, project_id in access.roles if workstream_id is None and project_id is None}
    # Whoever prepares or publishes packs (R or A for the process in the tenant's matrix) reads them all too.
    preparers = {role for role in roles if set(access.matrix.get((PACK_PROCESS, role), "")) & {"R", "A"}}
    if roles & PROGRAMME_READERS or preparers:
        return None
    return {kind for kind, role in BODY_MEMBER_ROLES.items() if role in roles}


def reads_drafts(user):
    """Whether ``user`` reads every body's draft (unpublished) packs in the active tenant: the PMO, the Programme
    Director, and whoever prepares or publishes packs (R or A for the process in the tenant's matrix)."""
    from core import rules

    access = rules.current_access(user)
    if access is None or not access.is_member:
        return False
    roles = {role for role, workstream_id, project_id in access.roles if workstream_id is None and project_id is None}
    return bool(roles & DRAFT_READERS) or any(
        set(access.matrix.get((PACK_PROCESS, role), "")) & {"R", "A"} for role in roles)


def chaired_body_ids(user):
    """The ids of the active tenant's bodies ``user`` chairs (``Body.chairs``): they read their packs, drafts too."""
    from programme.models import Body

    if not getattr(user, "is_authenticated", False):
        return []
    return list(Body.objects.filter(chairs=user).values_list("pk", flat=True))


def may_read_pack(user, pack):
    """Whether ``user`` may read ``pack``: a body's chair always; else a reader of the body's packs, and of a draft
    only one who ``reads_drafts``."""
    if pack.meeting.body_id in chaired_body_ids(user):
        return True
    kinds = pack_reader_kinds(user)
    if not (kinds is None or pack.meeting.body.kind in kinds):
        return False
    return pack.published or reads_drafts(user)


class BoardPackQuerySet(TenantQuerySet):
    def readable_by(self, user):
        """The packs ``user`` may read (``may_read_pack``): a filter, never a per-row check."""
        kinds = pack_reader_kinds(user)
        allowed = Q(pk__isnull=False) if kinds is None else Q(meeting__body__kind__in=sorted(kinds))
        if not reads_drafts(user):
            allowed &= Q(published=True)
        chaired = chaired_body_ids(user)
        if chaired:
            allowed |= Q(meeting__body_id__in=chaired)
        return self.filter(allowed)


BoardPackManager = TenantManager.from_queryset(BoardPackQuerySet)
AllTenantsBoardPackManager = AllTenantsManager.from_queryset(BoardPackQuerySet)


def pack_upload_to(pack, filename):
    return f"board-packs/{pack.tenant_id}/{pack.meeting_id}/{filename}"


class BoardPack(TenantModel):
    """One rendering of one meeting's pack. Status and progress are written as the task works, so a page can
    show them; the file is written before the pack is marked ready, in one transaction with the checksum."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, related_name="packs")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True, help_text="What the renderer is doing now.")
    delayed = models.BooleanField(default=False, help_text="The task could not be queued (the broker is down).")
    note = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", editable=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When the renderer last said it is alive (each step it takes).")
    rendered_at = models.DateTimeField(null=True, blank=True)
    since = models.DateField(null=True, blank=True, help_text="Movements are reported from this date.")
    file = models.FileField(upload_to=pack_upload_to, max_length=300, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    contents = models.JSONField(default=list, blank=True, help_text="The sections the pack holds.")
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", editable=False)

    objects = BoardPackManager()
    all_tenants = AllTenantsBoardPackManager()
    history = tenant_history(table_name="programme_historicalboardpack", excluded_fields=["progress", "stage",
                                                                                         "heartbeat_at"])

    class Meta:
        db_table = "programme_boardpack"  # its name from before it moved here
        ordering = ["-meeting__date", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="board_pack_version_unique",
                                    violation_error_message=("This meeting already has a pack with that version "
                                                             "number.")),
            models.CheckConstraint(condition=Q(progress__lte=100), name="board_pack_progress_0_100",
                                   violation_error_message="Progress must be between 0 and 100 per cent."),
            models.CheckConstraint(condition=~Q(status=PackStatus.READY) | (~Q(file="") & ~Q(sha256="")),
                                   name="board_pack_ready_has_file",
                                   violation_error_message=("A pack can be marked ready only once its file has been "
                                                            "made.")),
            models.CheckConstraint(condition=Q(published=False) | Q(status=PackStatus.READY),
                                   name="board_pack_published_is_ready",
                                   violation_error_message="Only a ready pack can be published."),
        ]

    def __str__(self):
        return f"{self.meeting} pack v{self.version}"

    def raci_scope(self):
        return TENANT_SCOPE

    @property
    def is_final(self):
        return self.status in (PackStatus.READY, PackStatus.FAILED)

    @property
    def filename(self):
        from django.utils.text import slugify

        return f"{slugify(self.meeting.body.name)}-{self.meeting.date.isoformat()}-v{self.version}.pdf"

    def save(self, *args, **kwargs):
        # Published is final: the stored row may not change afterwards (immutability, DOMAIN.md s8).
        if self.pk is not None and BoardPack.all_tenants.filter(pk=self.pk, published=True).exists():
            raise PackImmutable("A published board pack cannot be changed; render a new version instead.")
        super().save(*args, **kwargs)


class ScheduledRun(TenantModel):
    """That a scheduled job ran for a key (a meeting, a day, a person): the unique key makes each run once."""

    job = models.CharField(max_length=60)
    key = models.CharField(max_length=120)
    ran_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "programme_scheduledrun"  # its name from before it moved here
        ordering = ["-ran_at"]
        constraints = [models.UniqueConstraint(fields=["tenant", "job", "key"], name="scheduled_run_once",
                                               violation_error_message="This job has already run for that date.")]

    def __str__(self):
        return f"{self.job} {self.key}"
