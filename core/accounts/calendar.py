"""Calendar subscriptions: the account page that makes, shows once and revokes a user's secret feed URL, and the
feeds themselves (``core.calendars``), served without a session to whoever holds the URL (SECURITY.md).

- ``/calendar/<key>.ics``: the user's feed, every registered source's events for them (the meetings of the bodies
  they may read, the plan's milestones);
- ``/calendar/<key>/body/<body id>.ics``: one body's feed, for a body the user may read.

The key fixes the user and the partnership; the feed shows what that user may see there, read afresh on every
fetch (a user who left the partnership, or lost the role that let them read a body, gets 404). An unknown or
revoked key is 404, the same answer, so a URL tells nothing about keys that once existed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_safe

from core import calendars, registry, rules
from core.accounts import audit
from core.api.authentication import LAST_USED_RESOLUTION_SECONDS
from core.db import cross_tenant_lookup
from core.models import AuditKind, CalendarFeedToken, Membership, hash_token_key
from core.tenancy import tenant_context

# What a key looks like (CalendarFeedToken.issue: the prefix and 43 URL-safe characters); anything else is 404
# before the database is asked. The URL patterns (core.accounts.urls) hold the same shape.
KEY_PATTERN = r"cal_[A-Za-z0-9_-]{43}"
BODY_ID_PATTERN = r"[0-9]{1,18}"  # fits a 64-bit key on every database


# The feeds ----------------------------------------------------------------------------------------------------


def _live_token(key):
    """The live token of ``key`` whose user is active and still a member of its partnership, or 404."""
    with cross_tenant_lookup():  # the key names its partnership: look it up in all of them (row-level security)
        membership = Membership.all_tenants.filter(tenant_id=OuterRef("tenant_id"), user_id=OuterRef("user_id"))
        token = (
            CalendarFeedToken.all_tenants.select_related("user", "tenant").annotate(is_member=Exists(membership))
            .filter(key_hash=hash_token_key(key), revoked_at__isnull=True).first()
        )
    if token is None or not token.user.is_active or not token.is_member:
        raise Http404("No such calendar.")
    return token


def _note_use(token):
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used=now)


def _readable_body(user, body_id):
    bodies = registry.calendar_bodies(user)
    body = bodies.filter(pk=int(body_id)).first() if bodies is not None else None
    if body is None:
        raise Http404("No such calendar.")
    return body


@require_safe
def feed(request, key, body_id=None):
    token = _live_token(key)
    user, tenant = token.user, token.tenant
    rules.note_membership(user, tenant.pk)  # read with the token: the access load need not ask again
    with tenant_context(tenant):
        body = _readable_body(user, body_id) if body_id is not None else None
        name = f"{body.name} ({tenant.name})" if body else f"{tenant.name}: {user.get_full_name() or user.username}"
        content = calendars.build(calendars.events_for(user, body), tenant=tenant, name=name,
                                  base_url=request.build_absolute_uri("/"))
        _note_use(token)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{"body-" + str(body.pk) if body else "calendar"}.ics"'
    # The URL is a secret: no shared cache keeps the feed, and no search engine lists it.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The account page ---------------------------------------------------------------------------------------------


class CalendarActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("create", "Create"), ("revoke", "Revoke")])


def feed_urls(request, key, bodies):
    """The subscription URLs of ``key``: the user's own feed, then one per body, as (label, url)."""
    urls = [("All your meetings and milestones",
             request.build_absolute_uri(reverse("calendar-feed", kwargs={"key": key})))]
    urls += [(body.name, request.build_absolute_uri(reverse("calendar-body-feed",
                                                            kwargs={"key": key, "body_id": body.pk})))
             for body in bodies]
    return urls


class CalendarFeedsView(LoginRequiredMixin, View):
    """The signed-in person's calendar subscription in the partnership they act in. A new URL is shown once."""

    template_name = "account/calendar.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "tenant", None) is None:
            return redirect(f"{reverse('tenant-switch')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, key=None, status=200):
        bodies = registry.calendar_bodies(request.user)
        bodies = list(bodies.order_by("name")) if bodies is not None else []
        token = CalendarFeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
        response = render(request, self.template_name, {
            "token": token, "bodies": bodies, "urls": feed_urls(request, key, bodies) if key else [],
            "days_back": calendars.DAYS_BACK, "months_ahead": round(calendars.DAYS_AHEAD / 30.44),
        }, status=status)
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        form = CalendarActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose to create or to revoke your calendar link.")
            return self.render_page(request, status=400)
        if form.cleaned_data["action"] == "create":
            token, key = CalendarFeedToken.issue(request.user, request.tenant)
            audit.record(AuditKind.CALENDAR_CREATED, request, token=token, obj=token)
            return self.render_page(request, key=key, status=201)
        revoked = 0
        for token in CalendarFeedToken.objects.filter(user=request.user, revoked_at__isnull=True):
            token.revoke()
            audit.record(AuditKind.CALENDAR_REVOKED, request, token=token, obj=token)
            revoked += 1
        if revoked:
            messages.success(request, "Your calendar link was revoked: calendars subscribed to it stop updating.")
        else:
            messages.info(request, "You had no calendar link to revoke.")
        return redirect("calendar-feeds")
