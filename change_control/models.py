"""A change request and the tenant's change-control settings (PID s4.7, DOMAIN.md s7)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q

from change_control import authority as authority_rules
from change_control.choices import Authority, Decision, Kind, Priority, Status
from core import numbering
from core.models import TenantModel, tenant_history
from core.rules import Scope
from core.tenancy import get_current_tenant

REF_PREFIX = "CR"
OPEN_STATUSES = [Status.LOGGED, Status.ASSESSED, Status.PROPOSED]
CLOSED_STATUSES = [Status.DECIDED, Status.IMPLEMENTED]


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def user_field(**kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", **kwargs)


class ChangeControlSettings(TenantModel):
    """The thresholds of decision authority by scale; one row per tenant, created with the defaults."""

    sro_limit = money_field(
        "workstream SRO's limit (£)", default=authority_rules.DEFAULT_SRO_LIMIT,
        validators=[MinValueValidator(Decimal("0"), "A limit cannot be negative.")],
        help_text="A cost impact up to this (with no change to a stage, objective or tier) is the workstream SRO's.",
    )
    director_limit = money_field(
        "Programme Director's limit (£)", default=authority_rules.DEFAULT_DIRECTOR_LIMIT,
        validators=[MinValueValidator(Decimal("0"), "A limit cannot be negative.")],
        help_text="Up to this it is the Programme Director's; above it, the Delivery Board's.",
    )

    history = tenant_history()

    class Meta:
        verbose_name = "change control settings"
        verbose_name_plural = "change control settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="change_control_settings_one_per_tenant",
                                    violation_error_message="This partnership already has change control settings."),
            models.CheckConstraint(
                condition=Q(sro_limit__gte=0, director_limit__gte=models.F("sro_limit")),
                name="change_control_limits_ordered",
                violation_error_message=("The SRO limit cannot be negative and the director's limit must be at least "
                                         "the SRO limit."),
            ),
        ]

    def __str__(self):
        return "Change control settings"

    @classmethod
    def for_tenant(cls, tenant):
        tenant_id = getattr(tenant, "pk", tenant)
        found = cls.all_tenants.filter(tenant_id=tenant_id).first()
        return found or cls.all_tenants.create(tenant_id=tenant_id)

    def clean(self):
        if None not in (self.sro_limit, self.director_limit) and self.sro_limit > self.director_limit:
            raise ValidationError({"director_limit": "The Programme Director's limit cannot be below the SRO's."})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            # The authority of requests not yet decided follows the new thresholds; decided ones keep theirs.
            for request in ChangeRequest.all_tenants.filter(tenant_id=self.tenant_id, status__in=OPEN_STATUSES):
                derived = request.derive_authority(self)
                if derived != request.authority:
                    ChangeRequest.all_tenants.filter(pk=request.pk).update(authority=derived)


class ChangeRequest(TenantModel):
    """A change request, concern, suggestion, idea or dissatisfaction, from logging to implementation.

    It is raised against the programme as a whole, a workstream, a project or a business case; the
    workstream follows from the project and the project from the business case. Who decides (``authority``)
    is derived from the assessment and stored for filtering, and is frozen once the request is decided.
    A deferred request may be resubmitted, modified, as a new version (``predecessor``) starting at logged.
    """

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    predecessor = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successor", editable=False,
        help_text="The deferred request this one resubmits.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CHANGE_REQUEST)
    title = models.CharField(max_length=200)
    description = models.TextField()
    workstream = models.ForeignKey(
        "programme.Workstream", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    business_case = models.ForeignKey(
        "business_cases.BusinessCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    originator = user_field(editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.LOGGED, editable=False)
    authority = models.CharField(max_length=20, choices=Authority.choices, blank=True, editable=False)
    referred_up = models.PositiveSmallIntegerField(
        default=0, editable=False,
        help_text="Levels the decision went up because everyone holding the authority took part in the request.",
    )

    # Step 2: analyse and assess (PID s4.7).
    cost_impact = money_field("cost impact (£)", null=True, blank=True, editable=False)
    time_impact_days = models.IntegerField("time impact (days)", null=True, blank=True, editable=False)
    changes_stage_or_objective = models.BooleanField(
        "changes a programme stage or objective", default=False, editable=False,
    )
    changes_business_case_tier = models.BooleanField(
        "changes the tier of a business case", default=False, editable=False,
    )
    impact_programme = models.TextField("impact on the whole programme", blank=True, editable=False)
    impact_business_case = models.TextField("impact on the business case", blank=True, editable=False)
    impact_benefits = models.TextField("impact on the benefits", blank=True, editable=False)
    impact_risks = models.TextField("impact on risks", blank=True, editable=False)
    impact_resources = models.TextField("impact on resource allocation", blank=True, editable=False)
    priority = models.CharField("priority against work under way", max_length=10, choices=Priority.choices,
                                blank=True, editable=False)
    linked_risks = models.ManyToManyField("risks.Risk", blank=True, related_name="+",
                                          help_text="Risks the change creates or affects.")
    assessed_by = user_field(editable=False)
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Step 3: propose the action.
    proposal = models.TextField(blank=True, editable=False)
    proposed_by = user_field(editable=False)
    proposed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Step 4: decide (approve, reject or defer), communicated back to the originator.
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, editable=False)
    rationale = models.TextField(blank=True, editable=False)
    decided_by = user_field(editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Step 5: implement.
    implementation_note = models.TextField(blank=True, editable=False)
    implemented_by = user_field(editable=False)
    implemented_at = models.DateTimeField(null=True, blank=True, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["-number"]
        indexes = [
            models.Index(fields=["tenant", "status"], name="change_request_tenant_status"),
            models.Index(fields=["tenant", "authority"], name="change_request_tenant_auth"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="change_request_number_unique_per_tenant",
                                    violation_error_message="Another change request already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="change_request_ref_unique_per_tenant",
                                    violation_error_message="Another change request already has this reference."),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, decision="")
                | Q(status__in=CLOSED_STATUSES, decision__in=Decision.values),
                name="change_request_decided_has_decision",
                violation_error_message=("A decided change request must record its decision, and an open one must not "
                                         "have one yet."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.IMPLEMENTED) | Q(decision=Decision.APPROVE),
                name="change_request_implemented_was_approved",
                violation_error_message="Only an approved change can be implemented.",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.LOGGED) | Q(cost_impact__isnull=False),
                name="change_request_assessed_has_cost",
                violation_error_message="Enter the cost impact before the change request is assessed.",
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def raci_scope(self):
        return Scope(workstream_id=self.workstream_id, project_id=self.project_id)

    # Where it sits -----------------------------------------------------------------------------
    @property
    def against(self):
        """What the request is raised against, most specific first."""
        return self.business_case or self.project or self.workstream

    @property
    def against_label(self):
        if self.business_case_id:
            return f"Business case {self.business_case}"
        if self.project_id:
            return f"Project {self.project}"
        if self.workstream_id:
            return f"Workstream {self.workstream}"
        return "The whole programme"

    @property
    def against_phrase(self):
        """``against_label`` for use mid-sentence."""
        label = self.against_label
        return label[0].lower() + label[1:]

    def sync_hierarchy(self):
        """A business case fixes the project, and a project its workstream."""
        if self.business_case_id and self.business_case is not None:
            self.project_id = self.business_case.project_id
        if self.project_id and self.project is not None:
            self.workstream_id = self.project.workstream_id

    def clean(self):
        errors = {}
        if self.business_case_id and self.project_id and self.business_case.project_id != self.project_id:
            errors["business_case"] = ["Choose a business case of the chosen project."]
        if self.project_id and self.workstream_id and self.project.workstream_id != self.workstream_id:
            errors["project"] = ["Choose a project of the chosen workstream."]
        if errors:
            raise ValidationError(errors)

    # Derived -----------------------------------------------------------------------------------
    def derive_authority(self, thresholds=None):
        thresholds = thresholds or ChangeControlSettings.for_tenant(self.tenant_id)
        derived = authority_rules.decision_authority(
            self.cost_impact, self.changes_stage_or_objective, self.changes_business_case_tier,
            has_workstream=bool(self.workstream_id),
            sro_limit=thresholds.sro_limit, director_limit=thresholds.director_limit,
        )
        return authority_rules.referred(derived, self.referred_up) or ""

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_deferred(self):
        return self.decision == Decision.DEFER

    @property
    def later_version(self):
        """The new version this (deferred) request was resubmitted as, if any."""
        try:
            return self.successor
        except ChangeRequest.DoesNotExist:
            return None

    def parties(self):
        """Who took part in the request, and what they did, so may not decide it (separation of duties,
        DOMAIN.md s3): ``{user id: "raised"}``, the earliest part first."""
        found = {}
        for pk, verb in ((self.originator_id, "raised"), (self.assessed_by_id, "assessed"),
                         (self.proposed_by_id, "proposed")):
            if pk is not None:
                found.setdefault(pk, verb)
        return found

    # Saving ------------------------------------------------------------------------------------
    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_hierarchy()
        if self.is_open:
            self.authority = self.derive_authority()
        return numbering.number_and_save(self, REF_PREFIX, lambda: super(ChangeRequest, self).save(*args, **kwargs))
