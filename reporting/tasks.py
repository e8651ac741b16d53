"""Background jobs of progress reporting: thin tasks that take ids and call one function (STYLE.md)."""

from celery import shared_task
from django.utils import timezone

from core.models import Partnership
from core.tenancy import tenant_context
from reporting import pack_sections


@shared_task
def announce_overdue_reports(tenant_id):
    """Announce this partnership's overdue highlight reports (the outgoing webhooks post each once)."""
    tenant = Partnership.objects.get(pk=tenant_id)
    with tenant_context(tenant):
        return pack_sections.announce_overdue(tenant, timezone.localdate())


@shared_task
def announce_overdue_reports_everywhere():
    """For the schedule: every partnership in turn. Returns {slug: reports overdue}."""
    return {tenant.slug: announce_overdue_reports(tenant.pk) for tenant in Partnership.objects.order_by("pk")}
