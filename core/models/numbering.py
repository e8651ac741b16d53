"""Per-partnership reference numbers (R-0001, B-0001, BC-0001, CR-0001), one counter row per kind."""

from django.db import models

from .base import TenantModel


class ReferenceCounter(TenantModel):
    """The last number handed out for one kind of reference in one partnership.

    Incrementing the row inside the saving transaction serialises allocation (a row lock on PostgreSQL, the
    write lock on SQLite), so concurrent saves never share a number and never retry; each register's unique
    constraint on its numbers is the backstop. ``core.numbering`` allocates."""

    kind = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "kind"], name="reference_counter_unique_kind",
                                               violation_error_message="This kind of reference is already numbered.")]

    def __str__(self):
        return f"{self.kind}: {self.last}"
