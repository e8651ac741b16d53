"""Handing work to the task queue without ever failing the request that asked for it (issue 15, item 3).

A request that changes something and then queues a task (an email, a render) has done its work once its
transaction commits: the task is sent after the commit, and nothing that goes wrong while sending may turn the
answer into an error, or the person retries and makes a duplicate. Every app sends through here::

    from core import dispatch

    dispatch.enqueue_on_commit(send_notification_emails, [3, 4])   # inside the transaction

After the commit the task is published; if that fails (the broker is down: kombu's ``OperationalError``,
redis's ``ConnectionError``, or anything else ``apply_async`` raises) the failure is logged with the task's
name and the task is kept as a ``PendingTask`` row of the active partnership, which ``send_pending`` (the
beat job ``core.tasks.send_pending_tasks``) sends again once the broker is back. With
``CELERY_TASK_ALWAYS_EAGER`` (the embedded default) the task runs in-process as before; an error inside it
is logged and kept for the schedule the same way. Tasks are idempotent (STYLE.md), so sending one twice is
safe. Apps whose rows already record their queue state (board packs: ``delayed`` and ``requeue_stale``)
use ``send`` and keep their own record instead.
"""

import logging
from functools import partial

from django.db import DatabaseError, transaction
from django.utils import timezone

from core.models import Partnership, PendingTask
from core.tenancy import get_current_tenant, tenant_context

logger = logging.getLogger(__name__)

# Publishing to a broker that is down must not hold the request: one quick retry, then give up.
QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Sent again per partnership and run; the rest wait for the next run.
BATCH = 200


def send(task, args=(), kwargs=None, **options):
    """Publish ``task`` now; True when the broker took it (or, eagerly, it ran). Never raises: a failure is
    logged with the task's name and answered False, for the caller to keep the work for later."""
    return publish(task, args, kwargs, **options) is None


def publish(task, args=(), kwargs=None, **options):
    """Like ``send``, answering None when sent and otherwise the exception that stopped it."""
    options.setdefault("retry", True)
    options.setdefault("retry_policy", QUICK_RETRY)
    try:
        task.apply_async(args=list(args), kwargs=dict(kwargs or {}), **options)
    except Exception as exc:  # noqa: BLE001 - whatever the broker (or an eager task) raised, the caller carries on
        logger.error("Task %s%s was not sent (%s: %s); it is kept to be sent again.",
                     task.name, tuple(args), type(exc).__name__, exc)
        return exc
    return None


def enqueue_on_commit(task, *args, **kwargs):
    """Send ``task(*args, **kwargs)`` once the current transaction commits (at once outside one). If sending
    fails it is kept as a ``PendingTask`` of the active partnership for ``send_pending``; the caller never sees
    the failure. Arguments must be JSON (ids, as tasks take)."""
    transaction.on_commit(partial(_send_or_keep, get_current_tenant(), task, args, kwargs), robust=True)


def _send_or_keep(tenant, task, args, kwargs):
    if tenant is None:
        if publish(task, args, kwargs) is not None:
            logger.error("Task %s%s was sent with no partnership active and cannot be kept.", task.name, args)
        return
    with tenant_context(tenant):  # the task carries the tenant (core.db) and the kept row belongs to it
        failure = publish(task, args, kwargs)
        if failure is not None:
            keep(task.name, args, kwargs, error=f"{type(failure).__name__}: {failure}")


def keep(name, args=(), kwargs=None, error=""):
    """Record a task to be sent again (in the active partnership). Returns the row, or None if even that
    failed (the database is down too): then the log line is all that is left."""
    try:
        with transaction.atomic():
            return PendingTask.objects.create(task=name, args=list(args), kwargs=dict(kwargs or {}),
                                              last_error=str(error)[:2000])
    except DatabaseError:
        logger.exception("Could not keep task %s%s for later.", name, tuple(args))
        return None


def send_pending(limit=BATCH):
    """Send again the kept tasks of every partnership, oldest first, deleting each once the broker takes it;
    stops a partnership's run at the first failure (the broker is still down). Returns how many were sent."""
    from celery import current_app

    sent = 0
    for tenant in Partnership.objects.order_by("pk"):
        with tenant_context(tenant):
            for row in list(PendingTask.objects.order_by("created", "pk")[:limit]):
                task = current_app.tasks.get(row.task)
                if task is None:
                    logger.error("Kept task %s (id %s) names no registered task; left for a person to look at.",
                                 row.task, row.pk)
                    continue
                failure = publish(task, row.args, row.kwargs)
                if failure is None:
                    PendingTask.objects.filter(pk=row.pk).delete()
                    sent += 1
                    continue
                PendingTask.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1, last_error=f"{type(failure).__name__}: {failure}"[:2000],
                    last_attempt_at=timezone.now())
                break
    return sent
