"""Background jobs of the risk register: thin tasks that take ids and call one service (STYLE.md)."""

from celery import shared_task

from core.models import Partnership
from core.tenancy import tenant_context
from risks import services


@shared_task
def propose_escalations(tenant_id):
    """Raise automatic escalation proposals in one partnership; idempotent. Returns how many were new."""
    tenant = Partnership.objects.get(pk=tenant_id)
    with tenant_context(tenant):
        return len(services.propose_automatic_escalations(tenant))


@shared_task
def propose_escalations_everywhere():
    """For the schedule (DOMAIN.md s8): every partnership in turn."""
    return {tenant.slug: propose_escalations(tenant.pk) for tenant in Partnership.objects.all()}
