"""Board Assurance Frameworks: how each board assures itself its principal risks are managed (PID s4.4)."""

from django.db import models
from django.db.models import Q

from core.models import TenantModel, tenant_history
from core.rules import Scope
from risks.choices import BOARD_LEVELS, AssuranceRating, Level


class BoardAssuranceFramework(TenantModel):
    """One BAF per board: the Delivery Board's and the Partnership Board's."""

    level = models.CharField(max_length=20, choices=[(level.value, level.label) for level in BOARD_LEVELS])
    body = models.ForeignKey("programme.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="The board that owns this BAF.")
    title = models.CharField(max_length=200)

    history = tenant_history()

    class Meta:
        ordering = ["level"]
        verbose_name = "Board Assurance Framework"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "level"], name="baf_one_per_board",
                                    violation_error_message="That board already has a Board Assurance Framework."),
            models.CheckConstraint(condition=Q(level__in=BOARD_LEVELS), name="baf_level_is_a_board",
                                   violation_error_message="Only a board keeps a Board Assurance Framework."),
        ]

    def __str__(self):
        return self.title

    def raci_scope(self):
        return Scope()

    @classmethod
    def for_level(cls, tenant, level):
        from programme.choices import BodyKind
        from programme.models import Body

        baf = cls.all_tenants.filter(tenant=tenant, level=level).first()
        if baf is None:
            body = Body.all_tenants.filter(tenant=tenant, kind=BodyKind(level)).order_by("pk").first()
            baf = cls.all_tenants.create(tenant=tenant, level=level, body=body, title=f"{Level(level).label}")
        return baf


class BafEntry(TenantModel):
    """A principal risk on a board's BAF, with the board's view of its controls and assurance."""

    baf = models.ForeignKey(BoardAssuranceFramework, on_delete=models.CASCADE, related_name="entries")
    risk = models.ForeignKey("risks.Risk", on_delete=models.PROTECT, related_name="baf_entries")
    principal_risk = models.TextField(help_text="The risk as the board states it.")
    controls = models.TextField(blank=True, help_text="Key controls the board relies on.")
    sources_of_assurance = models.TextField(blank=True)
    gaps_in_control = models.TextField(blank=True)
    gaps_in_assurance = models.TextField(blank=True)
    assurance_rating = models.CharField(max_length=12, choices=AssuranceRating.choices, blank=True)
    current = models.BooleanField(default=True, help_text="False once the risk has left this board's BAF.")
    added_on = models.DateField(auto_now_add=True)

    history = tenant_history()

    class Meta:
        ordering = ["baf", "-current", "pk"]
        verbose_name = "BAF entry"
        verbose_name_plural = "BAF entries"
        constraints = [models.UniqueConstraint(fields=["baf", "risk"], name="baf_entry_unique_risk",
                                               violation_error_message=("This risk is already on this Board Assurance "
                                                                        "Framework."))]

    def __str__(self):
        return f"{self.baf}: {self.risk}"

    def raci_scope(self):
        return Scope()
