"""Telling people: in-app notifications, emailed as each person prefers (DOMAIN.md s3 C and I, s7).

Every app tells people through this module and nothing else::

    from core import notifications

    # Named people (e.g. "the decision is communicated back to the originator", PID s4.7):
    notifications.notify([request.originator], "CR-0007 was approved", "The Programme Director approved ...",
                         link="/changes/7/", obj=request, kind="change_control.decided")

    # Whoever the tenant's RACI matrix consults (C) or informs (I) for a process, at the object's scope:
    notifications.notify_raci("decide_change_request", request, "CR-0007 was approved", "...",
                              letters="CI", exclude=[actor], link="/changes/7/")

Call them inside the transaction that makes the change, with the tenant active. The inbox rows are written
at once; emails go only after the transaction commits (``core.dispatch.enqueue_on_commit``), through the thin
Celery task ``core.tasks.send_notification_emails``, so a change that is rolled back tells no one, and a broker
that is down never fails the change (the task is kept and sent again by the schedule). Each email is built and
sent on its own: its subject is made header-safe (``email_subject``: no line breaks or other control
characters, so a title cannot add a header), and one that fails is logged, counted on its notification and
tried again by ``retry_failed_emails`` (scheduled) while the others go. A person's
``NotificationPreference`` chooses immediate email (the default), a daily digest (``send_daily_digests``,
scheduled by ``core.tasks.send_daily_digests_everywhere``) or none; the inbox always has everything.
"""

import logging
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core import dispatch, rules
from core.models import EmailMode, Notification, NotificationPreference, Partnership, User
from core.tenancy import NoActiveTenant, get_current_tenant

SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length
logger = logging.getLogger(__name__)
AWAITING = Notification.AWAITING  # kinds containing it ask the recipient for a decision (see ``mark_settled``)


def notify(recipients, subject, body="", link=None, obj=None, kind="general"):
    """Notify each of ``recipients`` (users; duplicates, inactive users and non-members of the active tenant are
    dropped) in the active tenant. Returns the new ``Notification`` rows."""
    tenant = get_current_tenant()
    if tenant is None:
        raise NoActiveTenant("notify() needs the partnership active (tenant_context).")
    wanted = {user.pk for user in recipients if user is not None}
    if not wanted:
        return []
    users = list(User.objects.filter(pk__in=wanted, is_active=True, memberships__tenant=tenant).distinct())
    if not users:
        return []
    target_type = ContentType.objects.get_for_model(obj) if obj is not None and obj.pk else None
    rows = Notification.all_tenants.bulk_create([
        Notification(
            tenant=tenant, recipient=user, kind=kind, subject=subject[:SUBJECT_LENGTH], body=body or "",
            link=link or "", target_type=target_type, target_id=obj.pk if target_type else None,
        )
        for user in sorted(users, key=lambda user: user.username)
    ])
    modes = email_modes(tenant, [user.pk for user in users])
    immediate = [row.pk for row in rows if modes[row.recipient_id] == EmailMode.IMMEDIATE and row.recipient.email]
    if immediate:
        from core.tasks import send_notification_emails

        dispatch.enqueue_on_commit(send_notification_emails, immediate)
    return rows


def raci_recipients(process, obj, letters="CI", exclude=()):
    """The users ``notify_raci`` would tell (``process`` may be one process key or several)."""
    processes = [process] if isinstance(process, str) else list(process)
    excluded = {user.pk for user in exclude if user is not None}
    found = {}
    for key in processes:
        for user in rules.role_holders(key, letters, obj):
            if user.pk not in excluded:
                found[user.pk] = user
    return list(found.values())


def notify_raci(process, obj, subject, body="", letters="CI", exclude=(), link=None, kind=None):
    """Notify everyone whose roles covering ``obj``'s scope hold any of ``letters`` for RACI ``process`` (a key,
    or several: each person is told once) in the active tenant's matrix (C: consulted, I: informed), except the
    users in ``exclude``. Returns the new ``Notification`` rows."""
    users = raci_recipients(process, obj, letters, exclude)
    first = process if isinstance(process, str) else next(iter(process), "")
    return notify(users, subject, body, link=link, obj=obj, kind=kind or f"raci.{first}")


def notify_deciders(perm, obj, subject, body="", link=None, kind=None, exclude=()):
    """Tell whoever may take the decision ``obj`` now awaits (the holders of ``perm`` on it, less its parties:
    ``rules.users_with_perm``), except ``exclude`` (the actor). ``kind`` must contain "awaiting": the inbox shows
    such an unread item as awaiting the person's decision until ``mark_settled`` clears it for everyone."""
    if AWAITING not in (kind or ""):
        raise ValueError(f"A decision's notification kind names it as awaiting: {kind!r}.")
    excluded = {user.pk for user in exclude if user is not None}
    deciders = [user for user in rules.users_with_perm(perm, obj) if user.pk not in excluded]
    return notify(deciders, subject, body, link=link, obj=obj, kind=kind)


def email_modes(tenant, user_ids):
    """{user id: EmailMode} for ``user_ids`` in ``tenant``; no preference row means immediate."""
    chosen = dict(
        NotificationPreference.all_tenants.filter(tenant=tenant, user_id__in=user_ids).values_list(
            "user_id", "email_mode"
        )
    )
    return {pk: chosen.get(pk, EmailMode.IMMEDIATE) for pk in user_ids}


def preference_for(user, tenant):
    found = NotificationPreference.all_tenants.filter(tenant=tenant, user=user).first()
    return found or NotificationPreference(tenant=tenant, user=user)


def unread_count(user):
    """Unread notifications of ``user`` in the active tenant (0 with none active)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def awaiting(user, model, kinds):
    """The rows of ``model`` awaiting ``user``'s decision in the active tenant: those their notifications of
    ``kinds`` (``notify_deciders``) ask them about and that no decision has settled yet (``awaits_decision``, the
    inbox's "Awaits your decision"). A queryset: one query however many there are."""
    if not getattr(user, "is_authenticated", False):
        return model.objects.none()
    asked = Notification.objects.filter(recipient=user, kind__in=list(kinds), settled_at__isnull=True,
                                        kind__contains=AWAITING, target_type=ContentType.objects.get_for_model(model))
    return model.objects.filter(pk__in=asked.values("target_id"))


def mark_read(user, ids=None):
    """Mark ``user``'s notifications (those of ``ids``, or all) in the active tenant as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def mark_settled(obj, kind):
    """Settle everyone's notifications of ``kind`` about ``obj`` once what they asked for is done (e.g. the decision
    a request awaited has been taken), and mark them read, so nobody's inbox or work keeps asking. Reading one
    (``mark_read``) does not settle it: it awaits its recipient until then. Returns how many."""
    target_type = ContentType.objects.get_for_model(obj)
    now = timezone.now()
    return Notification.objects.filter(
        kind=kind, target_type=target_type, target_id=obj.pk, settled_at__isnull=True
    ).update(settled_at=now, read_at=Coalesce("read_at", Value(now)))


# Email -----------------------------------------------------------------------------------------------------

def _absolute(link):
    if not link or "://" in link:
        return link or ""
    return f"{getattr(settings, 'PORTAL_BASE_URL', '').rstrip('/')}{link}"


def _footer(tenant):
    preferences = _absolute(reverse("core:notification-preferences"))
    return (
        f"\n\n--\nYou receive this as a member of {tenant.name} on the BCT Portal.\n"
        f"Choose how you are emailed: {preferences}\n"
    )


def _message(notification):
    text = notification.body
    if notification.link:
        text += f"\n\n{_absolute(notification.link)}"
    return text


# Line breaks (CR, LF, NEL, the Unicode separators) and every other control character would end a header or
# start another: each run of them becomes one space.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
EMAIL_SUBJECT_LENGTH = 200
EMAIL_ATTEMPTS = 5  # failed sends of one notification's email before the schedule stops trying


def email_subject(text):
    """``text`` as a safe, single-line subject: control characters and line breaks collapsed to single spaces,
    trimmed to ``EMAIL_SUBJECT_LENGTH`` characters."""
    subject = " ".join(CONTROL_CHARACTERS.sub(" ", str(text or "")).split())
    if len(subject) > EMAIL_SUBJECT_LENGTH:
        subject = subject[:EMAIL_SUBJECT_LENGTH - 1].rstrip() + "…"
    return subject


def email(subject, body, to, connection):
    """The one place an email is built: every subject goes through ``email_subject``."""
    return EmailMessage(subject=email_subject(subject), body=body, to=to, connection=connection)


def _tag(tenant):
    return f"[{tenant.short_name or tenant.name}]"


def _failed(notification_ids, exc):
    """Count a failed send on these notifications; ``retry_failed_emails`` tries them again."""
    Notification.all_tenants.filter(pk__in=notification_ids, emailed_at__isnull=True).update(
        email_attempts=F("email_attempts") + 1, email_error=f"{type(exc).__name__}: {exc}"[:300])


def send_emails(notification_ids):
    """Email each of these notifications not yet emailed, and mark it; returns how many were sent.
    Safe to run twice: a notification is emailed once. Each message is sent on its own: one that fails is
    logged and counted (``email_attempts``) and the others still go."""
    pending = [
        notification for notification in Notification.all_tenants.filter(
            pk__in=list(notification_ids), emailed_at__isnull=True).select_related("recipient", "tenant")
        .order_by("pk")
        if notification.recipient.email
    ]
    if not pending:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 - the mail server is away: every message is tried again later
        logger.exception("Could not reach the mail server for %s notification emails.", len(pending))
        _failed([notification.pk for notification in pending], exc)
        return 0
    sent = 0
    try:
        for notification in pending:
            try:
                email(f"{_tag(notification.tenant)} {notification.subject}",
                      _message(notification) + _footer(notification.tenant),
                      [notification.recipient.email], connection).send()
            except Exception as exc:  # noqa: BLE001 - one bad message never stops the others
                logger.exception("The email of notification %s to user %s failed; it will be tried again.",
                                 notification.pk, notification.recipient_id)
                _failed([notification.pk], exc)
                continue
            Notification.all_tenants.filter(pk=notification.pk).update(emailed_at=timezone.now(), email_error="")
            sent += 1
    finally:
        connection.close()
    return sent


def retry_failed_emails(tenant):
    """Send again this partnership's notification emails that failed (fewer than ``EMAIL_ATTEMPTS`` times).
    Returns how many were sent."""
    failed = Notification.all_tenants.filter(tenant=tenant, emailed_at__isnull=True, email_attempts__gte=1,
                                             email_attempts__lt=EMAIL_ATTEMPTS).values_list("pk", flat=True)
    ids = list(failed)
    return send_emails(ids) if ids else 0


def send_daily_digests(tenant):
    """One email to each person who chose the daily digest and has notifications not yet emailed, listing
    them; each is then marked emailed, so a second run the same day sends nothing. Returns emails sent."""
    tenant = tenant if isinstance(tenant, Partnership) else Partnership.objects.get(pk=tenant)
    digest_users = NotificationPreference.all_tenants.filter(
        tenant=tenant, email_mode=EmailMode.DAILY_DIGEST
    ).values("user_id")
    pending = (
        Notification.all_tenants.filter(tenant=tenant, recipient_id__in=digest_users, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created", "pk")
    )
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.recipient].append(notification)
    sent = 0
    with get_connection() as connection:
        for user, items in by_user.items():
            if not user.email or not user.is_active:
                continue
            if _send_digest(tenant, user, items, connection):
                sent += 1
    return sent


def _send_digest(tenant, user, items, connection):
    """One person's digest; True when sent. A failure is logged and its items stay unsent, for the next digest."""
    lines = [f"{len(items)} notification{'s' if len(items) != 1 else ''} from {tenant.name}:"]
    for item in items:
        lines.append(f"\n* {item.subject}\n  {item.created:%d %b %Y %H:%M}")
        if item.body:
            lines.append("  " + item.body.replace("\n", "\n  "))
        if item.link:
            lines.append(f"  {_absolute(item.link)}")
    inbox = _absolute(reverse("core:inbox"))
    try:
        email(f"{_tag(tenant)} Your daily digest: {len(items)} notification{'s' if len(items) != 1 else ''}",
              "\n".join(lines) + f"\n\nYour inbox: {inbox}" + _footer(tenant), [user.email], connection).send()
    except Exception:  # noqa: BLE001 - one person's digest never stops the others'
        logger.exception("The daily digest of user %s in %s failed; its items wait for the next one.",
                         user.pk, tenant.slug)
        return False
    Notification.all_tenants.filter(pk__in=[item.pk for item in items], emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return True
