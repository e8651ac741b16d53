"""Per-tenant reference numbers (R-0001, I-0001) allocated inside the saving transaction."""

from django.db import IntegrityError, models, transaction
from django.db.models import F

from core.models import TenantModel


class RegisterCounter(TenantModel):
    """The last number handed out for one kind of reference in one tenant.

    Incrementing a row inside the caller's transaction serialises allocation
    (a row lock on PostgreSQL, the write lock on SQLite), so two concurrent
    saves never get the same number; the unique constraints on the registers
    are the backstop.
    """

    kind = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "kind"], name="register_counter_unique_kind")]

    def __str__(self):
        return f"{self.kind}: {self.last}"


def allocate_number(tenant_id, kind, count=1):
    """Reserve ``count`` consecutive numbers of ``kind``; returns the first. Call inside a transaction."""
    with transaction.atomic():
        updated = RegisterCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind).update(last=F("last") + count)
        if not updated:
            try:
                with transaction.atomic():
                    RegisterCounter.all_tenants.create(tenant_id=tenant_id, kind=kind, last=count)
                    return 1
            except IntegrityError:
                # Another transaction created the counter first: increment theirs.
                RegisterCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind).update(last=F("last") + count)
        last = RegisterCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind).values_list("last", flat=True).get()
        return last - count + 1


def bump_to_at_least(tenant_id, kind, number):
    """Make sure later allocations come after ``number`` (after bulk loads that set numbers themselves)."""
    with transaction.atomic():
        allocate_number(tenant_id, kind, 0)
        RegisterCounter.all_tenants.filter(tenant_id=tenant_id, kind=kind, last__lt=number).update(last=number)
