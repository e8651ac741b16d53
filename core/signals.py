"""Model-level guards that no form, serializer or script can go around."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver

from core.models.base import TenantModel

# Domain events a lower app announces and a higher app may act on, so the lower app imports nothing of it
# (README "Which way imports point"). Receivers run inside the sender's transaction: what they refuse, it refuses.
#: An end-of-stage report was approved by the last board (``report``, ``user``): the plan is baselined.
end_of_stage_report_approved = Signal()
#: A change request was decided (``change_request``, ``user``): an approved one re-baselines the plan items it names.
change_request_decided = Signal()
#: A business case was approved (``case``, ``user``): its money profile becomes the project's baseline budget.
business_case_approved = Signal()


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
