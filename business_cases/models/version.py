"""Every submission of a case is kept as it stood (DOMAIN.md s5, PID s4.8 version control)."""

from django.conf import settings
from django.db import models

from business_cases.choices import DocumentType, Tier
from core.models import TenantModel


class ImmutableVersion(Exception):
    pass


class BusinessCaseVersion(TenantModel):
    """A snapshot of a case at one submission: its sections, value, tier, document and money profile.
    Written once; ``save`` refuses to change it and ``delete`` to remove it."""

    case = models.ForeignKey("business_cases.BusinessCase", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    document_type = models.CharField(max_length=3, choices=DocumentType.choices)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    sections = models.JSONField(default=dict)
    money = models.JSONField(default=dict, help_text="The money profile's lines, split, stated totals and totals.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="business_case_version_unique",
                                               violation_error_message=("This case already has a version with that "
                                                                        "number."))]

    def __str__(self):
        return f"{self.case.ref} version {self.number} ({self.get_document_type_display()})"

    def raci_scope(self):
        return self.case.raci_scope()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersion("A submitted version of a business case cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersion("A submitted version of a business case cannot be deleted.")
