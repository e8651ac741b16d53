"""A business case: the justification for starting or continuing work, tiered by its value (PID s3.4.2)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from business_cases import tiers
from business_cases.choices import AWAITING_A_BOARD, CaseStatus, DocumentType, Section, Tier
from core import numbering
from core.models import TenantModel, tenant_history
from core.models.base import AllTenantsManager, TenantManager, TenantQuerySet
from core.rules import Scope
from core.tenancy import get_current_tenant, get_current_tenant_id

from .brief import wrote_and_submitted
from .settings import BusinessCaseSettings

REF_PREFIX = "BC"


class BusinessCaseQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """Cases this user may read: every unrestricted case, and restricted ones to their author, to holders of
        an explicit grant, and to those with R or A for the case (DOMAIN.md s3). A filter, never a per-row check."""
        from business_cases.rules import visible_q

        return self.filter(visible_q(user))

    def awaiting(self):
        return self.filter(status__in=AWAITING_A_BOARD)


BusinessCaseManager = TenantManager.from_queryset(BusinessCaseQuerySet)
AllTenantsBusinessCaseManager = AllTenantsManager.from_queryset(BusinessCaseQuerySet)


def _user_fk(**kwargs):
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", **kwargs)


class BusinessCase(TenantModel):
    """One case for one piece of work. Its tier follows its value; for the top tier the FBC is a new document of
    the same case, begun once the OBC is approved (``services.start_fbc``), so the case keeps one reference and
    its versions show the outline growing into detail."""

    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    title = models.CharField(max_length=200)
    project = models.ForeignKey("programme.Project", on_delete=models.PROTECT, related_name="business_cases")
    value = models.DecimalField(
        "value of the work (£)", max_digits=14, decimal_places=2,
        validators=[MinValueValidator(0, "The value of the work cannot be negative.")],
    )
    tier = models.CharField(max_length=10, choices=Tier.choices, editable=False)
    document_type = models.CharField(max_length=3, choices=DocumentType.choices, editable=False)
    sections = models.JSONField(default=dict, blank=True, help_text='The five cases as text: {"strategic": "..."}.')
    summary = models.TextField(blank=True, help_text="A short summary for the pipeline and board packs.")
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT, editable=False)
    restricted = models.BooleanField(
        default=False, help_text="Only its author, those with R or A for it and people granted access can read it.",
    )
    author = _user_fk(editable=False)
    submitted_by = _user_fk(editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    recommended_by = _user_fk(editable=False)
    recommended_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = _user_fk(editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(blank=True, editable=False)
    obc_approved_by = _user_fk(editable=False)
    obc_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = BusinessCaseManager()
    all_tenants = AllTenantsBusinessCaseManager()
    history = tenant_history(excluded_fields=["updated"])

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["tenant", "status"], name="business_case_tenant_status")]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="business_case_number_unique_per_tenant",
                                    violation_error_message="Another business case already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="business_case_ref_unique_per_tenant",
                                    violation_error_message="Another business case already has this reference."),
            models.CheckConstraint(condition=Q(value__gte=0), name="business_case_value_not_negative",
                                   violation_error_message="The value cannot be negative."),
            models.CheckConstraint(
                condition=Q(document_type=DocumentType.RFF, tier=Tier.RFF)
                | Q(document_type=DocumentType.OBC, tier__in=[Tier.OBC, Tier.OBC_FBC])
                | Q(document_type=DocumentType.FBC, tier=Tier.OBC_FBC),
                name="business_case_document_fits_tier",
                violation_error_message=("The document type does not fit the tier: a Request for Funding is for the "
                                         "Request for Funding tier, an Outline Business Case for the Outline Business "
                                         "Case or Outline then Full Business Case tier, and a Full Business Case only "
                                         "for the Outline then Full Business Case tier."),
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}"

    def raci_scope(self):
        return Scope(workstream_id=self.project.workstream_id, project_id=self.project_id)

    # Derived from the tier and document --------------------------------------------------------
    @property
    def section_requirements(self):
        return tiers.section_requirements(self.tier, self.document_type)

    @property
    def required_sections(self):
        return tiers.required_sections(self.tier, self.document_type)

    @property
    def missing_sections(self):
        return tiers.missing_sections(self.tier, self.document_type, self.sections)

    def section_text(self, key):
        return (self.sections or {}).get(key, "")

    def section_rows(self):
        """(key, label, depth, text) for the five cases, in order, for pages and the PDF."""
        requirements = self.section_requirements
        return [(key, Section(key).label, requirements[key], self.section_text(key)) for key in tiers.SECTION_KEYS]

    @property
    def needs_recommendation(self):
        return tiers.needs_recommendation(self.tier)

    @property
    def awaiting_board(self):
        return tiers.awaiting_board(self.tier, self.status)

    @property
    def is_fbc_stage(self):
        return self.document_type == DocumentType.FBC

    def parties(self):
        """Who took part in the case and so may not recommend, decide or score it (separation of duties)."""
        return wrote_and_submitted(self)

    def perm(self, action):
        """The permission for ``action`` on this case: submit, change, withdraw, recommend, decide, score."""
        from business_cases.rules import case_perm

        return case_perm(action, self.tier)

    # Validation shared by forms, the API and the admin --------------------------------------------
    def clean(self):
        errors = {}
        try:
            self.sections = tiers.clean_sections(self.sections if self.sections is not None else {})
        except tiers.TierError as exc:
            errors["sections"] = [str(exc)]
        if self.value is not None:
            try:
                value = tiers.to_money(self.value)
                if value < 0:
                    raise tiers.TierError("The value of the work cannot be negative.")
                if self.is_fbc_stage and self.tenant_id:
                    settings_row = BusinessCaseSettings.for_tenant(self.tenant_id)
                    if settings_row.tier_for(value) != Tier.OBC_FBC:
                        raise tiers.TierError(
                            f"This case's OBC was approved as work over £{settings_row.obc_ceiling:,.2f}; its FBC "
                            "cannot fall to a lower tier. A change of tier is a change request for the Delivery "
                            "Board (DOMAIN.md s7)."
                        )
            except tiers.TierError as exc:
                errors["value"] = [str(exc)]
            else:
                self.sync_tier()
        if errors:
            raise ValidationError(errors)

    # Saving: reference, tier and document derived ---------------------------------------------------
    def sync_tier(self):
        """While a case is a draft its tier follows its value and the tenant's thresholds; once submitted the
        tier is the one it was decided at. A top-tier case writing its FBC stays top tier (see ``clean``)."""
        if (self.status != CaseStatus.DRAFT or self.is_fbc_stage) and self.tier:
            return
        tenant_id = self.tenant_id or get_current_tenant_id()
        if tenant_id is None or self.value is None:
            return
        tier = BusinessCaseSettings.for_tenant(tenant_id).tier_for(self.value)
        self.tier = tier
        self.document_type = tiers.first_document(tier)

    def save(self, *args, **kwargs):
        if self.tenant_id is None:
            self.tenant = get_current_tenant() or self.tenant
        self.sync_tier()
        return numbering.number_and_save(self, REF_PREFIX, lambda: super(BusinessCase, self).save(*args, **kwargs))
