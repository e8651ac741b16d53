"""Model-level guards that no form, serializer or script can go around."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from core.models.base import TenantModel


@receiver(m2m_changed)
def refuse_cross_tenant_links(sender, instance, action, model, pk_set, **kwargs):
    """A many-to-many link may only join rows of the same tenant."""
    if action != "pre_add" or not pk_set:
        return
    if not (isinstance(instance, TenantModel) and issubclass(model, TenantModel)):
        return
    foreign = model.all_tenants.filter(pk__in=pk_set).exclude(tenant_id=instance.tenant_id)
    if foreign.exists():
        raise ValidationError("Cannot link to a record of another partnership.")
