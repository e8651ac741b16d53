"""Background jobs of the kernel (notifications, and tasks kept while the broker was down): thin tasks that take
ids and call one function (STYLE.md)."""

from celery import shared_task

from core import dispatch, notifications
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


@shared_task
def send_pending_tasks():
    """For the schedule: send again the tasks whose sending failed after their request committed (the broker
    was down; ``core.dispatch``). Returns how many were sent."""
    return dispatch.send_pending()


@shared_task
def retry_failed_emails():
    """For the schedule: every partnership's notification emails that failed, tried again. Returns {slug: sent}."""
    done = {}
    for tenant in Partnership.objects.order_by("pk"):
        with tenant_context(tenant):
            done[tenant.slug] = notifications.retry_failed_emails(tenant)
    return done


@shared_task
def run_export(tenant_id, job_id):
    """Write one large register download (``core.export_jobs``); a job already finished is left alone."""
    from core import export_jobs
    from core.models import ExportJob

    tenant = Partnership.objects.get(pk=tenant_id)
    with tenant_context(tenant):
        job = ExportJob.objects.select_related("requested_by", "tenant").filter(pk=job_id).first()
        return export_jobs.run(job) if job is not None else None


@shared_task
def purge_exports():
    """For the schedule: every partnership's downloads older than ``EXPORT_KEEP_DAYS``, deleted. {slug: deleted}."""
    from core import export_jobs

    done = {}
    for tenant in Partnership.objects.order_by("pk"):
        with tenant_context(tenant):
            done[tenant.slug] = export_jobs.purge(tenant)
    return done


@shared_task
def deliver_webhook(delivery_id):
    """Post one webhook delivery (``core.webhooks.deliver``: a failure is sent again with exponential backoff, then
    given up to the PMO's dead-letter list). Idempotent: a delivered one is not posted again."""
    from core import webhooks

    return webhooks.deliver(delivery_id)
