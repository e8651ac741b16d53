"""Browser pages every app shares: the partnership switcher, the inbox, the base edit view, and the browser's
translation of the domain's errors (``refuse`` for the 403 page, ``report`` for a message).

Every queryset here is a tenant-scoped default manager, so another partnership's
row is simply not found (404); whether a user may change a row is asked of
``user.has_perm`` and nothing else.
"""

import copy

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import UpdateView

from core import notifications, rules
from core.exceptions import PermissionRefused, message_of
from core.forms import save_form
from core.middleware import SESSION_KEY, memberships_of
from core.models import EmailMode, Notification, NotificationPreference


def refuse(request, refusal, obj=None):
    """The 403 page saying who may. ``refusal`` is a ``PermissionRefused`` or the permission that was refused."""
    if isinstance(refusal, PermissionRefused):
        reason = refusal.message
    elif rules.rule_for(str(refusal)) is not None:
        reason = rules.describe_refusal(refusal, obj)
    else:
        reason = str(refusal)
    return render(request, "programme/forbidden.html", {"object": obj, "reason": reason}, status=403)


def report(request, exc):
    """A domain error (a wrong state, bad input, a refusal) as a message on the page the user returns to."""
    messages.error(request, message_of(exc))


class TenantSwitchView(LoginRequiredMixin, View):
    """Choose the partnership to act in (only members' partnerships are offered or accepted)."""

    template_name = "core/tenant_switch.html"

    def get(self, request):
        return render(request, self.template_name, {
            "memberships": memberships_of(request.user), "next": request.GET.get("next", ""),
        })

    def post(self, request):
        memberships = memberships_of(request.user)
        chosen = request.POST.get("tenant")
        match = next((m for m in memberships if str(m.tenant_id) == chosen), None)
        if match is None:
            return render(request, self.template_name, {
                "memberships": memberships, "next": request.POST.get("next", ""),
                "error": "Select the partnership you want to work in",
            }, status=400)
        request.session[SESSION_KEY] = match.tenant_id
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect(target or settings.LOGIN_REDIRECT_URL)


class ObjectPermissionMixin:
    """Refuse (403, saying which roles may) unless ``user.has_perm(permission, obj)``; the object is
    looked up through the scoped manager first, so another partnership's object is a 404."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.has_perm(self.permission, self.object):
            return render(request, "programme/forbidden.html", {
                "object": self.object, "reason": rules.describe_refusal(self.permission, self.object),
            }, status=403)
        return super().dispatch(request, *args, **kwargs)


class TenantEditView(LoginRequiredMixin, ObjectPermissionMixin, UpdateView):
    """Edit one row with a ModelForm (which runs the model's ``clean()``)."""

    detail_url_name = None

    def get_object(self, queryset=None):
        # Looked up once in dispatch, reused by UpdateView's get() and post().
        if getattr(self, "object", None) is None:
            return super().get_object(queryset)
        return self.object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form edits a copy, so a refused submission never shows its unsaved values as the page's title.
        kwargs["instance"] = copy.copy(self.object)
        kwargs["tenant"] = self.request.tenant
        return kwargs

    def form_valid(self, form):
        if save_form(form) is None:  # the database refused the row: a form error, as for invalid input
            return self.form_invalid(form)
        self.object = form.instance
        messages.success(self.request, f"{self.object} was updated.")
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.detail_url_name, args=[self.object.pk])


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_mode"]
        labels = {"email_mode": "How should we email you?"}
        widgets = {"email_mode": forms.RadioSelect}
        help_texts = {"email_mode": "Everything is always in your inbox here, whatever you choose."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_mode"].choices = EmailMode.choices


class InboxView(LoginRequiredMixin, View):
    """The signed-in person's notifications in the active partnership, newest first, unread marked."""

    paginate_by = 25

    def get(self, request):
        from django.core.paginator import Paginator

        queryset = Notification.objects.filter(recipient=request.user)
        if request.GET.get("show") == "unread":
            queryset = queryset.filter(read_at__isnull=True)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        return render(request, "core/inbox.html", {
            "page": page, "items": list(page.object_list), "show_unread": request.GET.get("show") == "unread",
        })


class MarkReadView(LoginRequiredMixin, View):
    """POST: mark one notification (``pk``) or all of them read; another person's is simply not found."""

    def post(self, request, pk=None):
        if pk is None:
            count = notifications.mark_read(request.user)
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
            return redirect("core:inbox")
        item = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
        notifications.mark_read(request.user, [item.pk])
        if request.POST.get("open") and item.link and url_has_allowed_host_and_scheme(
            item.link, allowed_hosts={request.get_host()}
        ):
            return redirect(item.link)
        return redirect("core:inbox")


class NotificationPreferenceView(LoginRequiredMixin, View):
    template_name = "core/inbox_preferences.html"

    def form(self, request, data=None):
        preference = notifications.preference_for(request.user, request.tenant)
        return NotificationPreferenceForm(data, instance=preference)

    def get(self, request):
        return render(request, self.template_name, {"form": self.form(request)})

    def post(self, request):
        form = self.form(request, request.POST)
        if form.is_valid():
            preference = form.save(commit=False)
            preference._history_user = request.user
            preference.save()
            messages.success(request, "Your email preference was saved.")
            return redirect("core:inbox")
        return render(request, self.template_name, {"form": form}, status=400)




def healthz(request):
    """For load balancers and monitors: 200 when the database answers and the task broker (if there is one)
    accepts a connection; 503 naming what failed otherwise. Never cached, never needs a login."""
    from django.conf import settings
    from django.db import DatabaseError, connection
    from django.http import JsonResponse
    from kombu import Connection

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"unavailable: {type(exc).__name__}"
    broker = getattr(settings, "CELERY_BROKER_URL", "memory://")
    if broker.startswith("memory://"):
        checks["broker"] = "none (tasks run in-process)"
    else:
        try:
            with Connection(broker, connect_timeout=2) as kombu_connection:
                kombu_connection.ensure_connection(max_retries=1)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure to reach the broker is reported, never raised
            checks["broker"] = f"unavailable: {type(exc).__name__}"
    healthy = all(value == "ok" or value.startswith("none") for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
