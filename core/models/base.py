"""The abstract base every tenant-owned model inherits (STYLE.md: tenancy is structural)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import sql

from core.tenancy import NoActiveTenant, get_current_tenant, get_current_tenant_id


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


# Every CurrentTenantId equals every other (it takes no arguments), so its identity, which Django otherwise
# derives through inspect.signature() for each new instance (~20 µs, several times per queryset), is a constant.
CurrentTenantId.identity = (CurrentTenantId, ("output_field", None))


class TenantQuerySet(models.QuerySet):
    def for_tenant(self, tenant):
        return self.filter(tenant=tenant)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """The default manager: only the active tenant's rows, and none when no tenant is active."""

    def get_queryset(self):
        queryset = super().get_queryset()
        queryset.query = _tenant_query(self.model).chain()
        return queryset


_TENANT_QUERIES = {}


def _tenant_query(model):
    """``model``'s query filtered on the active tenant, built once per model and cloned for each queryset.

    Building the filter (``.filter(tenant_id=CurrentTenantId())``) costs ~100 µs of Django's query machinery, paid
    by every queryset and related manager; cloning the built query costs a tenth of that. The query holds no
    tenant: ``CurrentTenantId`` reads the active one when the SQL is compiled. It is never changed in place (a
    queryset works on its own clone), like a module-level ``Model.objects.filter(...)``."""
    query = _TENANT_QUERIES.get(model)
    if query is None:
        query = sql.Query(model)
        query.add_q(models.Q(tenant_id=CurrentTenantId()))
        _TENANT_QUERIES[model] = query
    return query


class AllTenantsManager(models.Manager.from_queryset(TenantQuerySet)):
    """Unscoped access, for the few places that must cross tenants on purpose
    (token look-up, the tenant switcher, management commands). Never used by views."""


class TenantModel(models.Model):
    tenant = models.ForeignKey("core.Partnership", on_delete=models.CASCADE, related_name="+", editable=False)

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
