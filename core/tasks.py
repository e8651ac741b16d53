"""Background jobs of the kernel (notifications): thin tasks that take ids and call one function (STYLE.md)."""

from celery import shared_task

from core import notifications
from core.models import Partnership
from core.tenancy import tenant_context


@shared_task
def send_notification_emails(notification_ids):
    """Email these notifications now (queued by ``notifications.notify`` once its transaction commits)."""
    return notifications.send_emails(notification_ids)


@shared_task
def send_daily_digests(tenant_id):
    """One digest email per person of this partnership who chose it; idempotent. Returns emails sent."""
    tenant = Partnership.objects.get(pk=tenant_id)
    with tenant_context(tenant):
        return notifications.send_daily_digests(tenant)


@shared_task
def send_daily_digests_everywhere():
    """For the schedule (``CELERY_BEAT_SCHEDULE``): every partnership in turn."""
    return {tenant.slug: send_daily_digests(tenant.pk) for tenant in Partnership.objects.all()}
