"""A risk on a register, and the actions that mitigate it (DOMAIN.md s4, PID s4.4 and App. 7)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from core import numbering
from core.models import TenantModel, tenant_history
from core.models.base import AllTenantsManager, TenantManager, TenantQuerySet
from core.rules import Scope
from risks import scoring
from risks.choices import (
    OPPORTUNITY_RESPONSES,
    RESPONSES_BY_NATURE,
    THREAT_RESPONSES,
    ActionStatus,
    Category,
    Level,
    MoveStatus,
    Nature,
    Proximity,
    Rag,
    Response,
    RiskStatus,
)
from risks.review import default_review_date

RATING_VALIDATORS = [
    MinValueValidator(scoring.MIN_RATING, "Use a rating from 1 (lowest) to 5 (highest)."),
    MaxValueValidator(scoring.MAX_RATING, "Use a rating from 1 (lowest) to 5 (highest)."),
]


def rating_field(verbose_name, null=False):
    return models.PositiveSmallIntegerField(
        verbose_name=verbose_name, validators=RATING_VALIDATORS, null=null, blank=null,
    )


def in_range(field, nullable=False):
    condition = Q(**{f"{field}__gte": scoring.MIN_RATING, f"{field}__lte": scoring.MAX_RATING})
    return condition | Q(**{f"{field}__isnull": True}) if nullable else condition


class RegisterQuerySet(TenantQuerySet):
    def live(self):
        return self.filter(archived=False)

    def visible_to(self, user):
        """Rows this user may read: all of the tenant's unless restricted (DOMAIN.md s3)."""
        from risks.rules import visible_q

        return self.filter(visible_q(user, self.model))


RegisterManager = TenantManager.from_queryset(RegisterQuerySet)
AllTenantsRegisterManager = AllTenantsManager.from_queryset(RegisterQuerySet)


class RegisterItem(TenantModel):
    """What a risk and an issue share: a per-tenant number (R-0001, I-0001), a level in the hierarchy, archiving."""

    REF_PREFIX = ""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="The owner as written in an imported register, when not a user.",
    )
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.PROGRAMME)
    workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    archived = models.BooleanField(default=False, help_text="Archived items are kept, never deleted (PID s4.8).")
    restricted = models.BooleanField(
        default=False, help_text="Only those who may edit this register can read a restricted item.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RegisterManager()
    all_tenants = AllTenantsRegisterManager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.ref} {self.title}"

    @property
    def owner_display(self):
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.username
        return self.owner_name

    def raci_scope(self):
        if self.level == Level.PROJECT:
            return Scope(workstream_id=self.workstream_id, project_id=self.project_id)
        if self.level == Level.WORKSTREAM:
            return Scope(workstream_id=self.workstream_id)
        return Scope()

    def clean_hierarchy(self, errors):
        """A project-level item has a project (its workstream is the project's); a workstream-level one a
        workstream. Higher levels may keep the project or workstream they came from."""
        if self.project_id and self.project is not None:
            if self.workstream_id and self.workstream_id != self.project.workstream_id:
                errors.setdefault("workstream", []).append("The workstream must be the project's own workstream.")
        if self.level == Level.PROJECT and not self.project_id:
            errors.setdefault("project", []).append("A project-level item needs its project.")
        if self.level == Level.WORKSTREAM and not (self.workstream_id or self.project_id):
            errors.setdefault("workstream", []).append("A workstream-level item needs its workstream.")

    def sync_hierarchy(self):
        if self.project_id and (not self.workstream_id or self.workstream_id != self.project.workstream_id):
            self.workstream_id = self.project.workstream_id

    def allocate_ref(self):
        """The next number of the partnership's register (the kernel's one allocator, kind ``REF_PREFIX``)."""
        if not self.number:
            self.number = numbering.allocate(self.tenant_id, self.REF_PREFIX,
                                             floor=numbering.highest(type(self), self.tenant_id))
        self.ref = f"{self.REF_PREFIX}-{self.number:04d}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.tenant_id is None:
                from core.tenancy import get_current_tenant

                self.tenant = get_current_tenant() or self.tenant
            self.sync_hierarchy()
            if self._state.adding and not self.number and self.tenant_id:
                self.allocate_ref()
            elif self.number and not self.ref:
                self.ref = f"{self.REF_PREFIX}-{self.number:04d}"
            self.before_save()
            super().save(*args, **kwargs)

    def before_save(self):
        pass


class Risk(RegisterItem):
    """A threat or an opportunity on one register (PID s4.4); scores are derived and stored for fast filters."""

    REF_PREFIX = "R"

    category = models.CharField(max_length=30, choices=Category.choices)
    nature = models.CharField(max_length=12, choices=Nature.choices, default=Nature.THREAT)
    inherent_likelihood = rating_field("inherent likelihood")
    inherent_impact = rating_field("inherent impact")
    inherent_score = models.PositiveSmallIntegerField(editable=False)
    controls = models.TextField(blank=True, help_text="The controls in place that reduce the inherent risk.")
    residual_likelihood = rating_field("residual likelihood")
    residual_impact = rating_field("residual impact")
    residual_score = models.PositiveSmallIntegerField(editable=False, db_index=True)
    target_likelihood = rating_field("target likelihood", null=True)
    target_impact = rating_field("target impact", null=True)
    # Each score's colour in the partnership's bands when last saved (risks.bands: recomputed when they change).
    inherent_rag = models.CharField("inherent RAG", max_length=10, choices=Rag.choices, editable=False, blank=True)
    residual_rag = models.CharField("residual RAG", max_length=10, choices=Rag.choices, editable=False, blank=True)
    # NULL with no target, as the target ratings are (and as the API has always given it).
    target_rag = models.CharField(  # noqa: DJ001
        "target RAG", max_length=10, choices=Rag.choices, editable=False, null=True, blank=True)
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    residual_above_inherent_reason = models.TextField(
        blank=True, help_text="Why the residual score is above the inherent score (required for a threat).",
    )
    proximity = models.CharField(max_length=20, choices=Proximity.choices, blank=True)
    date_identified = models.DateField(default=timezone.localdate)
    review_date = models.DateField(blank=True, help_text="Defaults from the level's review cycle (PID s4.4).")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    source_ref = models.CharField(
        max_length=50, blank=True, help_text="The number the risk had in the register it was imported from.",
    )
    objectives = models.ManyToManyField("programme.Objective", blank=True, related_name="risks")
    benefits = models.ManyToManyField(
        "benefits.Benefit", blank=True, related_name="threatening_risks", help_text="The benefits this risk threatens.",
    )
    # Issue 19: a residual the source does not state is "not yet assessed", never invented. Its ratings are then the
    # inherent ones (``sync_residual``), and every page and the API say so.
    residual_assessed = models.BooleanField(
        "the residual risk has been assessed", default=True,
        help_text="Untick while nobody has assessed the risk after its controls: the residual ratings then follow "
                  "the inherent ones and the register shows the residual as not yet assessed.",
    )
    # Imported from a partner's register (risks.mapping): the organisation, and its rating in its own bands.
    source_organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The partner organisation whose register the risk was imported from.",
    )
    source_inherent_rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    source_residual_rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    source_bands = models.CharField(max_length=200, blank=True, help_text="The source register's bands, described.")

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["-residual_score", "number"]
        indexes = [
            models.Index(fields=["tenant", "level", "status"], name="risk_tenant_level_status"),
            models.Index(fields=["tenant", "residual_score"], name="risk_tenant_residual"),
            models.Index(fields=["tenant", "number"], name="risk_tenant_number"),
            # The register's default order, live risks first: the API's cursor pages seek it (core.keyset).
            models.Index(fields=["tenant", "archived", "-residual_score", "number"], name="risk_tenant_register_order"),
            models.Index(fields=["tenant", "residual_rag"], name="risk_tenant_residual_rag"),
            models.Index(fields=["tenant", "inherent_rag"], name="risk_tenant_inherent_rag"),
            # The live register's count and heat map read only this index (PostgreSQL index-only scans): the
            # visibility filter's columns and the ratings are carried in it (docs/performance.md).
            models.Index(
                fields=["tenant", "archived"], name="risk_tenant_live",
                include=["id", "restricted", "level", "owner", "created_by", "residual_likelihood", "residual_impact",
                         "inherent_likelihood", "inherent_impact"],
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "ref"], name="risk_ref_unique_per_tenant",
                                    violation_error_message="Another risk already has this reference."),
            models.UniqueConstraint(fields=["tenant", "number"], name="risk_number_unique_per_tenant",
                                    violation_error_message="Another risk already has this number."),
            models.CheckConstraint(condition=in_range("inherent_likelihood"), name="risk_inherent_likelihood_1_5",
                                   violation_error_message=("Inherent likelihood must be from 1 (Rare) to 5 (Almost "
                                                            "certain).")),
            models.CheckConstraint(condition=in_range("inherent_impact"), name="risk_inherent_impact_1_5",
                                   violation_error_message=("Inherent impact must be from 1 (Negligible) to 5 "
                                                            "(Catastrophic).")),
            models.CheckConstraint(condition=in_range("residual_likelihood"), name="risk_residual_likelihood_1_5",
                                   violation_error_message=("Residual likelihood must be from 1 (Rare) to 5 (Almost "
                                                            "certain).")),
            models.CheckConstraint(condition=in_range("residual_impact"), name="risk_residual_impact_1_5",
                                   violation_error_message=("Residual impact must be from 1 (Negligible) to 5 "
                                                            "(Catastrophic).")),
            models.CheckConstraint(condition=in_range("target_likelihood", True), name="risk_target_likelihood_1_5",
                                   violation_error_message=("Target likelihood must be from 1 (Rare) to 5 (Almost "
                                                            "certain).")),
            models.CheckConstraint(condition=in_range("target_impact", True), name="risk_target_impact_1_5",
                                   violation_error_message=("Target impact must be from 1 (Negligible) to 5 "
                                                            "(Catastrophic).")),
            models.CheckConstraint(
                condition=Q(inherent_score=models.F("inherent_likelihood") * models.F("inherent_impact")),
                name="risk_inherent_score_is_product",
                violation_error_message="The inherent score must be likelihood times impact.",
            ),
            models.CheckConstraint(
                condition=Q(residual_score=models.F("residual_likelihood") * models.F("residual_impact")),
                name="risk_residual_score_is_product",
                violation_error_message="The residual score must be likelihood times impact.",
            ),
            models.CheckConstraint(
                condition=Q(response="")
                | Q(nature=Nature.THREAT, response__in=THREAT_RESPONSES)
                | Q(nature=Nature.OPPORTUNITY, response__in=OPPORTUNITY_RESPONSES),
                name="risk_response_matches_nature",
                violation_error_message=("Choose a response that fits the risk: a threat is removed, reduced, "
                                         "transferred, retained or shared; an opportunity is realised, enhanced or "
                                         "exploited."),
            ),
            models.CheckConstraint(
                condition=Q(nature=Nature.OPPORTUNITY)
                | Q(residual_score__lte=models.F("inherent_score"))
                | ~Q(residual_above_inherent_reason=""),
                name="risk_residual_above_inherent_needs_reason",
                violation_error_message="The residual score is above the inherent score: say why.",
            ),
            models.CheckConstraint(
                condition=~Q(level=Level.PROJECT, project__isnull=True), name="risk_project_level_has_project",
                    violation_error_message="A risk on a project register must name its project.",
            ),
            models.CheckConstraint(
                condition=~Q(level=Level.WORKSTREAM, workstream__isnull=True),
                name="risk_workstream_level_has_workstream",
                violation_error_message="A risk on a workstream register must name its workstream.",
            ),
        ]

    # Derived values (pure functions of stored ratings) -----------------------------------------
    @property
    def target_score(self):
        if self.target_likelihood and self.target_impact:
            return self.target_likelihood * self.target_impact
        return None

    @property
    def overdue(self):
        return bool(self.status == RiskStatus.OPEN and self.review_date and self.review_date < timezone.localdate())

    @cached_property
    def pending_move(self):
        """The move awaiting decision, or None (a page that has read the moves may set it, saving the query)."""
        return self.moves.filter(status=MoveStatus.PROPOSED).select_related("to_project").first()

    def sync_scores(self, bands=None):
        """Recompute the stored scores and their colours in the partnership's ``bands`` (read when not given: a
        caller creating many risks passes ``risks.bands.bands_for(tenant)`` once); call before ``bulk_create``
        (``save`` does it itself). Returns whether a colour changed."""
        if self.inherent_likelihood and self.inherent_impact:
            self.inherent_score = self.inherent_likelihood * self.inherent_impact
        if self.residual_likelihood and self.residual_impact:
            self.residual_score = self.residual_likelihood * self.residual_impact
        if bands is None:
            from risks.bands import bands_for

            bands = bands_for(self.tenant_id)
        rags = (bands.rag_or_none(self.inherent_score), bands.rag_or_none(self.residual_score),
                bands.rag_or_none(self.target_score))
        changed = rags != (self.inherent_rag or None, self.residual_rag or None, self.target_rag or None)
        self.inherent_rag, self.residual_rag, self.target_rag = (rag.value if rag else None for rag in rags)
        return changed

    def default_review_date(self, start=None):
        workstream = self.workstream if self.workstream_id else None
        return default_review_date(self.tenant_id, self.level, workstream, start)

    def sync_residual(self):
        """A residual not yet assessed is the inherent assessment (as an import takes a blank residual)."""
        if not self.residual_assessed:
            self.residual_likelihood, self.residual_impact = self.inherent_likelihood, self.inherent_impact

    def before_save(self):
        self.sync_residual()
        self.sync_scores()
        if not self.review_date:
            self.review_date = self.default_review_date()

    # Permissions: one name per level, because each level is governed by its own RACI process ----------
    def perm(self, action):
        """``risks.<action>`` for this risk's level: edit, close, escalate_from, deescalate_from."""
        from risks.rules import risk_perm

        return risk_perm(action, self.level)

    def restricted_view_perm(self):
        """Who may see this risk when it is restricted: those with R or A on its level's register."""
        return self.perm("edit")

    # Validation shared by forms, the API and imports -------------------------------------------
    def clean(self):
        errors = {}
        for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
                     "target_likelihood", "target_impact"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                scoring.parse_rating(value, allow_hml=False)
            except scoring.RatingError:
                errors.setdefault(name, []).append(
                    f"The {self._meta.get_field(name).verbose_name} must be a whole number from 1 to 5."
                )
        if bool(self.target_likelihood) != bool(self.target_impact):
            errors.setdefault("target_impact", []).append(
                "Give both a target likelihood and a target impact, or neither."
            )
        allowed_responses = RESPONSES_BY_NATURE.get(self.nature, ())
        if self.response and allowed_responses and self.response not in allowed_responses:
            allowed = ", ".join(Response(r).label for r in allowed_responses)
            article = "an" if self.nature == Nature.OPPORTUNITY else "a"
            errors.setdefault("response", []).append(
                f"'{Response(self.response).label}' is not a response to {article} "
                f"{Nature(self.nature).label.lower()}: use {allowed}."
            )
        if not errors and self.nature == Nature.THREAT and None not in (
            self.inherent_likelihood, self.inherent_impact, self.residual_likelihood, self.residual_impact,
        ):
            inherent = self.inherent_likelihood * self.inherent_impact
            residual = self.residual_likelihood * self.residual_impact
            if residual > inherent and not (self.residual_above_inherent_reason or "").strip():
                errors.setdefault("residual_above_inherent_reason", []).append(
                    f"The residual score ({residual}) is above the inherent score ({inherent}): say why, "
                    "or lower the residual rating."
                )
        if not self.residual_assessed and (self.residual_likelihood, self.residual_impact) != (
                self.inherent_likelihood, self.inherent_impact) and self.residual_likelihood is not None:
            errors.setdefault("residual_assessed", []).append(
                "The residual risk is marked not yet assessed, so its ratings are the inherent ones: mark it assessed "
                "to give it residual ratings of its own.")
        self.clean_hierarchy(errors)
        if errors:
            raise ValidationError(errors)


class MitigationAction(TenantModel):
    """An action that carries out a risk's response, with its owner and due date (DOMAIN.md s4)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    owner_name = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)

    history = tenant_history()

    class Meta:
        ordering = ["due_date", "pk"]
        # The action list pages in this order; its count needs only the risk (docs/performance.md).
        indexes = [models.Index(fields=["tenant", "due_date", "id"], include=["risk"], name="action_tenant_due")]

    def __str__(self):
        return self.description[:60]

    def raci_scope(self):
        return self.risk.raci_scope()

    @property
    def overdue(self):
        return bool(
            self.due_date and self.due_date < timezone.localdate()
            and self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
        )
