"""The stakeholder register (PID s4.2): organisations, groups and named people, their interest and influence, their
support now and the support the programme needs, and who owns the relationship.

A person's contact details are personal data (``PERSONAL_FIELDS``): only the PMO and the stakeholder's owner see
them (``engagement.rules.may_see_personal_data``), history never records them, and erasure on request blanks them
(``engagement.stakeholders.erase``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core import numbering
from core.models import TenantModel, tenant_history
from core.tenancy import get_current_tenant
from engagement.choices import SUPPORT_ORDER, StakeholderCategory, StakeholderKind, SupportLevel

REF_PREFIX = "SH"
# Personal data: shown only to the PMO and the owner, never kept in history, blanked by erasure.
PERSONAL_FIELDS = ["contact_name", "email", "phone", "postal_address"]
SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(TenantModel):
    number = models.PositiveIntegerField(editable=False)
    ref = models.CharField(max_length=12, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=StakeholderKind.choices, default=StakeholderKind.ORGANISATION)
    category = models.CharField(max_length=30, choices=StakeholderCategory.choices,
                                default=StakeholderCategory.OTHER)
    description = models.TextField(blank=True)
    interest = models.PositiveSmallIntegerField(validators=SCALE, default=3,
                                                help_text="How much the programme affects them, 1 (little) to 5.")
    influence = models.PositiveSmallIntegerField(validators=SCALE, default=3,
                                                 help_text="How much they can affect the programme, 1 to 5.")
    current_support = models.CharField(max_length=12, choices=SupportLevel.choices, default=SupportLevel.UNAWARE)
    target_support = models.CharField(max_length=12, choices=SupportLevel.choices, default=SupportLevel.SUPPORTIVE)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", help_text="Who owns the relationship.")
    workstreams = models.ManyToManyField("programme.Workstream", blank=True, related_name="+",
                                         verbose_name="workstreams that affect them")
    service_changes = models.ManyToManyField("engagement.ServiceChange", blank=True, related_name="stakeholders",
                                             verbose_name="service changes that affect them")
    # Personal data (PERSONAL_FIELDS).
    contact_name = models.CharField("contact name", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField("postal address", blank=True)
    erased_at = models.DateTimeField("personal data erased at", null=True, blank=True, editable=False)
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = tenant_history(excluded_fields=[*PERSONAL_FIELDS, "updated"])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="stakeholder_number_unique_per_tenant",
                                    violation_error_message="Another stakeholder already has this number."),
            models.UniqueConstraint(fields=["tenant", "ref"], name="stakeholder_ref_unique_per_tenant",
                                    violation_error_message="Another stakeholder already has this reference."),
            models.CheckConstraint(condition=Q(interest__gte=1, interest__lte=5), name="stakeholder_interest_1_to_5",
                                   violation_error_message="Interest must be from 1 to 5."),
            models.CheckConstraint(condition=Q(influence__gte=1, influence__lte=5),
                                   name="stakeholder_influence_1_to_5",
                                   violation_error_message="Influence must be from 1 to 5."),
        ]

    def __str__(self):
        return f"{self.ref} {self.name}"

    @property
    def support_gap(self):
        """Steps from the current support to the target (positive: support still to be won)."""
        return SUPPORT_ORDER[self.target_support] - SUPPORT_ORDER[self.current_support]

    @property
    def quadrant(self):
        """The power/interest grid's quadrant: manage closely, keep satisfied, keep informed, monitor."""
        high_influence, high_interest = self.influence >= 3, self.interest >= 3
        if high_influence and high_interest:
            return "manage closely"
        if high_influence:
            return "keep satisfied"
        if high_interest:
            return "keep informed"
        return "monitor"

    @property
    def is_erased(self):
        return self.erased_at is not None

    def save(self, *args, **kwargs):
        if self.tenant_id is None and (active := get_current_tenant()) is not None:
            self.tenant = active
        return numbering.number_and_save(self, REF_PREFIX, lambda: super(Stakeholder, self).save(*args, **kwargs))
