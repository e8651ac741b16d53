"""Account security pages: two-factor authentication (TOTP), the code step after the password, the user's own
API tokens, and the PMO's security audit trail with the partnership's security policy (SECURITY.md)."""

from datetime import datetime, time, timedelta

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.accounts import audit
from core.accounts.security import POLICY_SESSION_KEY
from core.exports import Column, export_response, wants_export
from core.models import ApiToken, AuditEvent, AuditKind, Membership, SecurityPolicy
from core.views import refuse


def _safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default or settings.LOGIN_REDIRECT_URL)




class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code", max_length=6, min_length=6,
        help_text="The 6-digit code your authenticator app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]{6}", "spellcheck": "false",
                                      "class": "nhsuk-input nhsuk-input--width-10"}),
    )

    def clean_token(self):
        value = self.cleaned_data["token"].strip().replace(" ", "")
        if not value.isdigit():
            raise forms.ValidationError("Enter the 6 digits the app shows")
        return value


def _confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))


def _qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # The generated markup is the library's own (path data only); labelled for assistive technology.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1))


class TwoFactorView(LoginRequiredMixin, View):
    """Set up, confirm or remove a TOTP authenticator. Offered to everyone; required where the partnership's
    policy asks it of the user's role (core.accounts.security.TwoFactorMiddleware)."""

    template_name = "account/two_factor.html"

    def context(self, request, **extra):
        pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        context = {"devices": _confirmed_devices(request.user), "pending": pending, "form": TokenForm(),
                   "remove_form": TokenForm(), "next": request.POST.get("next") or request.GET.get("next", ""),
                   **extra}
        if pending is not None:
            context["qr"] = _qr_svg(pending.config_url)
            context["secret"] = " ".join(_base32(pending.bin_key)[i:i + 4] for i in range(0, 32, 4))
        return context

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        action = request.POST.get("action")
        if action == "start":
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
            return redirect(f"{reverse('two-factor')}?{request.GET.urlencode()}")
        form = TokenForm(request.POST)
        if action == "confirm":
            pending = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
            if pending is not None and form.is_valid() and pending.verify_token(form.cleaned_data["token"]):
                pending.confirmed = True
                pending.save()
                otp_login(request, pending)
                request.session[audit.OTP_OWED_SESSION_KEY] = True
                audit.record(AuditKind.OTP_ENROLLED, request)
                messages.success(request, "Two-factor authentication is set up. You will be asked for a code "
                                          "each time you log in.")
                return redirect(_safe_next(request, "two-factor"))
            if form.is_valid():
                form.add_error("token", "That code is not right: check the app and try the newest code")
            return render(request, self.template_name, self.context(request, form=form), status=400)
        if action == "remove":
            devices = _confirmed_devices(request.user)
            if form.is_valid() and any(device.verify_token(form.cleaned_data["token"]) for device in devices):
                TOTPDevice.objects.filter(user=request.user).delete()
                request.session.pop(audit.OTP_OWED_SESSION_KEY, None)
                request.session.pop(POLICY_SESSION_KEY, None)
                audit.record(AuditKind.OTP_REMOVED, request)
                messages.success(request, "Two-factor authentication was removed.")
                return redirect("two-factor")
            if form.is_valid():
                form.add_error("token", "That code is not right: check the app and try the newest code")
            return render(request, self.template_name, self.context(request, remove_form=form), status=400)
        return redirect("two-factor")


def _base32(raw):
    from base64 import b32encode

    return b32encode(raw).decode()


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The second step after the password, for a user with a confirmed authenticator."""

    template_name = "registration/two_factor_verify.html"

    def get(self, request):
        if not _confirmed_devices(request.user):  # removed meanwhile (by a superuser): nothing is owed any more
            request.session.pop(audit.OTP_OWED_SESSION_KEY, None)
            return redirect(_safe_next(request))
        if request.user.is_verified():
            return redirect(_safe_next(request))
        return render(request, self.template_name, {"form": TokenForm(), "next": request.GET.get("next", "")})

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            for device in _confirmed_devices(request.user):
                # verify_token refuses reuse of a code and slows down repeated failures (django-otp throttling).
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    audit.record(AuditKind.OTP_VERIFIED, request)
                    return redirect(_safe_next(request))
            audit.record(AuditKind.OTP_FAILED, request)
            form.add_error("token", "That code is not right: check the app and try the newest code")
        return render(request, self.template_name, {"form": form, "next": request.POST.get("next", "")},
                      status=400)


# API tokens ---------------------------------------------------------------------------------------------------


class NewTokenForm(forms.Form):
    name = forms.CharField(label="What the token is for", max_length=100,
                           help_text="For example, the system or script that will use it.",
                           widget=forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "off"}))
    lifetime = forms.TypedChoiceField(label="Expires after", choices=ApiToken.LIFETIMES, coerce=int,
                                      initial=ApiToken.DEFAULT_DAYS, widget=forms.RadioSelect)


class ApiTokensView(LoginRequiredMixin, View):
    """The signed-in person's API tokens for the partnership they are acting in. A new key is shown once."""

    template_name = "account/api_tokens.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "tenant", None) is None:
            return redirect(f"{reverse('tenant-switch')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, form, key=None, status=200):
        tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
        response = render(request, self.template_name, {"form": form, "tokens": tokens, "key": key,
                                                        "now": timezone.now()}, status=status)
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request):
        return self.render_page(request, NewTokenForm())

    def post(self, request):
        form = NewTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        expires = timezone.now() + timedelta(days=form.cleaned_data["lifetime"])
        token, key = ApiToken.issue(request.user, request.tenant, name=form.cleaned_data["name"], expires=expires)
        audit.record(AuditKind.TOKEN_CREATED, request, token=token, obj=token, detail=token.name)
        return self.render_page(request, NewTokenForm(), key=key, status=201)


class RevokeTokenView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.filter(user=request.user, revoked__isnull=True), pk=pk)
        token.revoke()
        audit.record(AuditKind.TOKEN_REVOKED, request, token=token, obj=token, detail=token.name)
        messages.success(request, f"The token {token.prefix}… was revoked; it no longer works.")
        return redirect("api-tokens")


# The audit trail ----------------------------------------------------------------------------------------------


DATE_ATTRS = {"type": "date", "class": "nhsuk-input nhsuk-input--width-10"}


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", required=False, choices=[("", "Any")] + AuditKind.choices,
                             widget=forms.Select(attrs={"class": "nhsuk-select"}))
    user = forms.CharField(label="Username", required=False, max_length=150,
                           widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-20"}))
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs=DATE_ATTRS))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs=DATE_ATTRS))


def _aware(day, at):
    return timezone.make_aware(datetime.combine(day, at))


def filtered_events(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("user")
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["user"]:
            events = events.filter(username__iexact=data["user"].strip())
        if data["start"]:
            events = events.filter(at__gte=_aware(data["start"], time.min))
        if data["end"]:
            events = events.filter(at__lte=_aware(data["end"], time.max))
    return form, events


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["two_factor_required", "local_passwords_allowed"]
        labels = {"two_factor_required": "Require two-factor authentication for board members, the joint SROs, "
                                         "the Programme Director and the PMO",
                  "local_passwords_allowed": "Let members log in with a portal password (untick once single "
                                             "sign-on works for everyone)"}


class AuditView(LoginRequiredMixin, View):
    """The partnership's security audit trail for the PMO: filter, page through, export as CSV."""

    template_name = "audit/events.html"
    paginate_by = 50

    def get(self, request):
        if not request.user.has_perm(audit.AUDIT_PERM):
            return refuse(request, audit.AUDIT_PERM)
        form, events = filtered_events(request)
        if wants_export(request):
            return self.export(request, form, events)
        page = Paginator(events, self.paginate_by).get_page(request.GET.get("page"))
        policy = SecurityPolicy.for_tenant(request.tenant)
        return render(request, self.template_name, {
            "form": form, "page": page, "events": list(page.object_list),
            "policy_form": PolicyForm(instance=policy) if request.user.has_perm(audit.POLICY_PERM) else None,
            "members": Membership.objects.count(), "two_factor_roles": settings.TWO_FACTOR_ROLES,
        })

    def export(self, request, form, events):
        filters = [(str(form.fields[name].label or name), value) for name, value in form.cleaned_data.items()
                   if value] if form.is_valid() else []
        return export_response(request, "audit", "Security audit trail", AUDIT_COLUMNS, events, filters)


AUDIT_COLUMNS = [
    Column("When", lambda e: e.at, 18), Column("What", lambda e: e.get_kind_display(), 18),
    Column("Username", lambda e: e.username, 18), Column("IP address", lambda e: e.ip_address or "", 14),
    Column("Method", lambda e: e.method, 8), Column("Path", lambda e: e.path, 30),
    Column("Item type", lambda e: e.object_type, 16), Column("Item id", lambda e: e.object_id, 10),
    Column("Token", lambda e: e.token_prefix, 10), Column("Detail", lambda e: e.detail, 40),
]


class PolicyView(LoginRequiredMixin, View):
    def post(self, request):
        if not request.user.has_perm(audit.POLICY_PERM):
            return refuse(request, audit.POLICY_PERM)
        policy = SecurityPolicy.for_tenant(request.tenant)
        form = PolicyForm(request.POST, instance=policy)
        if form.is_valid():
            policy = form.save(commit=False)
            policy._history_user = request.user
            policy.save()
            audit.record(AuditKind.POLICY_CHANGED, request, obj=policy,
                         detail=f"two-factor required: {'yes' if policy.two_factor_required else 'no'}; "
                                f"local passwords: {'yes' if policy.local_passwords_allowed else 'no'}")
            messages.success(request, "The security policy was saved. It applies from each person's next login.")
        return redirect("audit")
