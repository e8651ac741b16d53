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
# Events the outgoing webhooks post (core.webhook_events reads only what each line names; README "Connecting to
# your organisation"). Each also carries ``link``, the portal path of what it is about.
#: A board pack was published (``pack``: its ``version``, ``pages``, ``meeting.body.name``, ``meeting.date``;
#: ``user``).
board_pack_published = Signal()
#: A body's decision was logged (``decision``: its ``pk``, ``text``, ``outcome``, ``chairs_action``, ``decided_on``;
#: ``body_name``; ``user``; ``restricted``: it concerns a restricted item, so its text stays in the portal).
decision_recorded = Signal()
#: A risk was accepted onto a board's Board Assurance Framework (``risk``: its ``pk``, ``ref``, ``title``,
#: ``restricted``; ``board``: the BAF's name; ``key``: the move's, so it is posted once; ``user``).
risk_escalated_to_baf = Signal()
#: A highlight report is past its due date and not submitted (``place``: its name; ``period``: the period's label;
#: ``due``: a date; ``key``: the same for the same report, so it is posted once).
highlight_report_overdue = Signal()


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
