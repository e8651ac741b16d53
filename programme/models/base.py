"""The abstract base every tenant-owned model inherits (STYLE.md: tenancy is structural)."""

from django.core.exceptions import ValidationError
from django.db import models

from programme.tenancy import NoActiveTenant, get_current_tenant, get_current_tenant_id


class CurrentTenantId(models.Expression):
    """The active tenant's id, read when the SQL is compiled rather than when the queryset is built.

    Querysets are often built once at import time (a viewset's ``queryset``, a
    form's choices); reading the tenant at compile time keeps each of them scoped
    to whichever request runs it. With no tenant active it compiles to 0, which
    matches no row: fail closed.
    """

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection):
        return "%s", [get_current_tenant_id() or 0]

    def get_group_by_cols(self):
        return []


class TenantQuerySet(models.QuerySet):
    def for_tenant(self, tenant):
        return self.filter(tenant=tenant)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """The default manager: only the active tenant's rows, and none when no tenant is active."""

    def get_queryset(self):
        return super().get_queryset().filter(tenant_id=CurrentTenantId())


class AllTenantsManager(models.Manager.from_queryset(TenantQuerySet)):
    """Unscoped access, for the few places that must cross tenants on purpose
    (token look-up, the tenant switcher, management commands). Never used by views."""


class TenantModel(models.Model):
    tenant = models.ForeignKey("programme.Partnership", on_delete=models.CASCADE, related_name="+", editable=False)

    objects = TenantManager()
    all_tenants = AllTenantsManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        active = get_current_tenant()
        if self.tenant_id is None:
            if active is None:
                raise NoActiveTenant(f"Cannot save {type(self).__name__} with no tenant active.")
            self.tenant = active
        elif active is not None and self.tenant_id != active.pk:
            raise NoActiveTenant(f"Cannot save a {type(self).__name__} of another tenant.")
        self.check_same_tenant()
        super().save(*args, **kwargs)

    def check_same_tenant(self):
        """Refuse any foreign key that points into another tenant (defence in depth behind the scoped querysets)."""
        for field in self._meta.concrete_fields:
            if not field.is_relation or field.name == "tenant":
                continue
            related_model = field.related_model
            if not (isinstance(related_model, type) and issubclass(related_model, TenantModel)):
                continue
            related_id = getattr(self, field.attname)
            if related_id is None:
                continue
            cached = field.get_cached_value(self, default=None)
            tenant_id = (
                cached.tenant_id
                if cached is not None
                else related_model.all_tenants.filter(pk=related_id).values_list("tenant_id", flat=True).first()
            )
            if tenant_id != self.tenant_id:
                raise ValidationError({field.name: "Not found in this partnership."})


class TenantHistoryBase(models.Model):
    """Base of every historical (audit) model: history rows are tenant-scoped like the rows they record."""

    objects = TenantManager()
    all_tenants = AllTenantsManager()

    class Meta:
        abstract = True


def _tenant_history_manager():
    from simple_history.manager import HistoryManager

    class TenantHistoryManager(HistoryManager):
        """``Model.history``: the active tenant's history rows only, like every other manager."""

        def get_super_queryset(self):
            return super().get_super_queryset().filter(tenant_id=CurrentTenantId())

    return TenantHistoryManager


def tenant_history(**kwargs):
    """HistoricalRecords for a TenantModel: who, when and what changed (PID s4.8), scoped to the tenant
    both through the historical model's own managers and through ``Model.history``."""
    from simple_history.models import HistoricalRecords

    return HistoricalRecords(bases=[TenantHistoryBase], history_manager=_tenant_history_manager(), **kwargs)
