"""Thin Celery tasks of meetings and board packs: each takes ids and calls one function (STYLE.md).

``render_board_pack`` is acknowledged late and rejected if its worker dies, so the broker delivers it again
(Redis after its visibility timeout); rendering is idempotent, so a second delivery finishes the job or does
nothing. Its time limit stays below the visibility timeout, so a pack is never rendered twice at once merely
because it is slow. Database and storage errors are retried with exponential backoff; once retries run out
the pack is marked failed.
"""

from celery import shared_task
from django.conf import settings

from core.models import Partnership
from meetings.packs import render, schedule, services

__all__ = [
    "generate_meetings", "generate_meetings_everywhere", "render_board_pack", "render_due_packs",
    "render_due_packs_everywhere", "requeue_board_packs", "run_review_cycle", "run_review_cycle_everywhere",
]

RETRY_BACKOFF_MAX = 600


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5,
    time_limit=settings.BOARD_PACK_TIME_LIMIT, soft_time_limit=settings.BOARD_PACK_SOFT_TIME_LIMIT,
)
def render_board_pack(self, pack_id):
    """Render board pack ``pack_id``; returns its status."""
    from celery.exceptions import SoftTimeLimitExceeded

    try:
        return render.render_pack(pack_id)
    except SoftTimeLimitExceeded:
        render.mark_failed(pack_id, "Rendering took longer than the time limit.")
        return "failed"
    except render.TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            render.mark_failed(pack_id, f"Gave up after {self.max_retries} retries: {exc}")
            raise
        raise self.retry(exc=exc, countdown=min(RETRY_BACKOFF_MAX, 2 ** (self.request.retries + 2))) from exc


@shared_task
def render_due_packs(tenant_id):
    """Queue the packs of this partnership's meetings due within its ``pack_days_before``; idempotent."""
    return schedule.render_due_packs(Partnership.objects.get(pk=tenant_id))


@shared_task
def render_due_packs_everywhere():
    return {tenant.slug: render_due_packs(tenant.pk) for tenant in Partnership.objects.all()}


@shared_task
def requeue_board_packs():
    """Send again the packs left queued while the broker was down (or stuck rendering)."""
    return services.requeue_stale()


@shared_task
def run_review_cycle(tenant_id):
    """The review cycle of one partnership: escalation proposals and reminders; idempotent."""
    return schedule.run_review_cycle(Partnership.objects.get(pk=tenant_id))


@shared_task
def run_review_cycle_everywhere():
    return {tenant.slug: run_review_cycle(tenant.pk) for tenant in Partnership.objects.all()}


@shared_task
def generate_meetings(tenant_id):
    """Keep each body's next meetings scheduled from its cadence; idempotent. Returns how many were new."""
    return schedule.generate_meetings(Partnership.objects.get(pk=tenant_id))


@shared_task
def generate_meetings_everywhere():
    return {tenant.slug: generate_meetings(tenant.pk) for tenant in Partnership.objects.all()}
