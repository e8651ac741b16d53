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
at once; emails go only after the transaction commits (``transaction.on_commit``), through the thin Celery
task ``core.tasks.send_notification_emails``, so a change that is rolled back tells no one. A person's
``NotificationPreference`` chooses immediate email (the default), a daily digest (``send_daily_digests``,
scheduled by ``core.tasks.send_daily_digests_everywhere``) or none; the inbox always has everything.
"""

from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import rules
from core.models import EmailMode, Notification, NotificationPreference, Partnership, User
from core.tenancy import NoActiveTenant, get_current_tenant

SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length
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

        transaction.on_commit(partial(send_notification_emails.delay, immediate))
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


def mark_read(user, ids=None):
    """Mark ``user``'s notifications (those of ``ids``, or all) in the active tenant as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def mark_settled(obj, kind):
    """Mark read everyone's notifications of ``kind`` about ``obj`` once what they asked for is done (e.g. the
    decision a request awaited has been taken), so nobody's inbox keeps asking. Returns how many."""
    target_type = ContentType.objects.get_for_model(obj)
    return Notification.objects.filter(
        kind=kind, target_type=target_type, target_id=obj.pk, read_at__isnull=True
    ).update(read_at=timezone.now())


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


def send_emails(notification_ids):
    """Email each of these notifications not yet emailed, and mark it; returns how many were sent.
    Safe to run twice: a notification is emailed once."""
    pending = (
        Notification.all_tenants.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("recipient", "tenant")
        .order_by("pk")
    )
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            if not notification.recipient.email:
                continue
            EmailMessage(
                subject=f"[{notification.tenant.short_name or notification.tenant.name}] {notification.subject}",
                body=_message(notification) + _footer(notification.tenant),
                to=[notification.recipient.email], connection=connection,
            ).send()
            Notification.all_tenants.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


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
            lines = [f"{len(items)} notification{'s' if len(items) != 1 else ''} from {tenant.name}:"]
            for item in items:
                lines.append(f"\n* {item.subject}\n  {item.created:%d %b %Y %H:%M}")
                if item.body:
                    lines.append("  " + item.body.replace("\n", "\n  "))
                if item.link:
                    lines.append(f"  {_absolute(item.link)}")
            inbox = _absolute(reverse("core:inbox"))
            EmailMessage(
                subject=f"[{tenant.short_name or tenant.name}] Your daily digest: {len(items)} notification"
                        f"{'s' if len(items) != 1 else ''}",
                body="\n".join(lines) + f"\n\nYour inbox: {inbox}" + _footer(tenant),
                to=[user.email], connection=connection,
            ).send()
            Notification.all_tenants.filter(pk__in=[item.pk for item in items], emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent
