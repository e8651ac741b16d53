"""Model-level guards that no form, serializer or script can go around."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

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


@receiver(pre_create_historical_record)
def bound_the_change_reason(sender, history_instance, **kwargs):
    """A history row's reason column holds 100 characters (``varchar(100)``): a longer reason (a form's note or
    reason, a service's sentence) is cut to fit with an ellipsis here, the one place every history row is written,
    so PostgreSQL never refuses the change it records and SQLite never keeps more than the column says."""
    reason = history_instance.history_change_reason
    limit = sender._meta.get_field("history_change_reason").max_length
    if reason and limit and len(reason) > limit:
        history_instance.history_change_reason = reason[:limit - 1].rstrip() + "…"
