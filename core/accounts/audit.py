"""The security audit trail: who, when, what, where from, in which partnership (SECURITY.md "Audit").

Recorded here, and nowhere else:
- logins, failed logins and lockouts (Django's ``user_logged_in``/``user_login_failed`` and django-axes'
  ``user_locked_out`` signals), logouts, two-factor steps;
- permission refusals: every 403 answered to a signed-in user (``AuditMiddleware``; the API's exception
  handler calls ``api_refusal`` so the DRF message is kept);
- reads of restricted items (a 2xx GET of a detail route whose item is restricted, ``AuditMiddleware``);
- API token use (``token_used``, from the token authentication, at most once a minute per token) and the
  token lifecycle (the API tokens page).

Every event is also written to the ``bct_portal.audit`` logger, so it reaches the log aggregation even where
no row can be written (a 403 with no partnership active is logged, not stored: a stored event always names
a partnership, except a failed login of an unknown username).
"""

import logging
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.text import slugify

from core import rules
from core.db import AUDIT_WRITE, MEMBERSHIP_LOOKUP, cross_tenant_lookup
from core.exceptions import PermissionRefused
from core.models.audit import AuditEvent, AuditKind
from core.tenancy import get_current_tenant_id

log = logging.getLogger("bct_portal.audit")

# Who may read the audit trail and set the security policy: R or A for "manage information" (the PMO keeps
# the programme's information; the joint SROs are accountable for it). Not a view_ codename: those are open
# to every member (core.rules).
AUDIT_PERM = "core.read_audit"
POLICY_PERM = "core.change_securitypolicy"
rules.register(AUDIT_PERM, "manage_information", letters="RA")
rules.register(POLICY_PERM, "manage_information", letters="RA")

# Session key set at login for a user with a confirmed TOTP device: the second step is owed.
OTP_OWED_SESSION_KEY = "bct_otp_owed"
_ACTIVE = object()


def client_address(request):
    if request is None:
        return None
    from core.accounts.security import client_ip

    return client_ip(request)


def record(kind, request=None, *, tenant_id=_ACTIVE, user=None, username="", obj=None, token=None, detail=""):
    """Write one event. ``tenant_id`` defaults to the active tenant; ``user`` to the request's user."""
    if tenant_id is _ACTIVE:
        tenant_id = get_current_tenant_id()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    event = AuditEvent(
        tenant_id=tenant_id, kind=kind, user=user, username=(username or getattr(user, "username", ""))[:150],
        ip_address=client_address(request), detail=str(detail)[:500],
        method=(request.method or "")[:10] if request is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        token_prefix=token.prefix if token is not None else "",
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
    log.info("audit kind=%s tenant=%s user=%s ip=%s path=%s object=%s:%s token=%s detail=%s", kind, tenant_id,
             event.username, event.ip_address, event.path, event.object_type, event.object_id, event.token_prefix,
             event.detail)
    # Under PostgreSQL row-level security the trail may file an event under any partnership, or none (core.rls).
    with cross_tenant_lookup(AUDIT_WRITE):
        event.save()
    return event


def _tenant_ids_of(user):
    from core.models import Membership

    with cross_tenant_lookup(MEMBERSHIP_LOOKUP):
        return list(Membership.all_tenants.filter(user=user).values_list("tenant_id", flat=True)) or [None]


def _record_for_person(kind, request, username, detail=""):
    """One event per partnership the named person belongs to (each PMO sees its own); unknown: one, tenant-less."""
    from core.models import User

    user = User.objects.filter(username=username).first() if username else None
    for tenant_id in _tenant_ids_of(user) if user is not None else [None]:
        record(kind, request, tenant_id=tenant_id, user=user, username=username, detail=detail)


# Logins --------------------------------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="bct_audit_login")
def _logged_in(sender, request, user, **kwargs):
    from django_otp import devices_for_user

    if request is not None and hasattr(request, "session"):
        from core.accounts.security import POLICY_SESSION_KEY

        request.session.pop(POLICY_SESSION_KEY, None)  # the partnership's policy is read afresh at each login
        if any(True for _ in devices_for_user(user, confirmed=True)):
            request.session[OTP_OWED_SESSION_KEY] = True
    for tenant_id in _tenant_ids_of(user):
        record(AuditKind.LOGIN, request, tenant_id=tenant_id, user=user)


@receiver(user_login_failed, dispatch_uid="bct_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    detail = "refused while locked out" if getattr(request, "axes_locked_out", False) else ""
    _record_for_person(AuditKind.LOGIN_FAILED, request, username, detail)


@receiver(user_logged_out, dispatch_uid="bct_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        for tenant_id in _tenant_ids_of(user):
            record(AuditKind.LOGOUT, request, tenant_id=tenant_id, user=user)


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    _record_for_person(AuditKind.LOCKED_OUT, request, str(username or ""),
                       f"{ip_address or 'an address'} locked out after repeated failures")


def connect_axes():
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="bct_audit_locked_out")


connect_axes()


# Tokens, refusals, restricted reads ----------------------------------------------------------------------------


def token_used(request, token):
    """Called by the token authentication when it accepts ``token`` (at most once a minute per token)."""
    record(AuditKind.TOKEN_USED, request, tenant_id=token.tenant_id, user=token.user, token=token)


def api_refusal(request, exc):
    """Called by the API's exception handler for every exception: records a 403 with its message."""
    from rest_framework.exceptions import PermissionDenied

    if request is None or not isinstance(exc, PermissionDenied | PermissionRefused):
        return
    django_request = getattr(request, "_request", request)
    if getattr(django_request, "_bct_refusal_recorded", False):
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or get_current_tenant_id() is None:
        log.info("audit kind=denied tenant=None path=%s detail=%s", django_request.path, _message(exc))
        django_request._bct_refusal_recorded = True
        return
    record(AuditKind.DENIED, django_request, user=user, detail=_message(exc))
    django_request._bct_refusal_recorded = True


def _message(exc):
    return exc.message if isinstance(exc, PermissionRefused) else str(exc.detail)


# Which model a URL's ``pk`` names, for function views that declare none: the literal segments before ``<pk>``
# are matched with a model's name; the few names that differ are listed by the composition root in the setting
# AUDIT_ROUTE_ALIASES ({"cases": "business_cases.businesscase", ...}), since the kernel knows no app.


def _segments(route):
    route = re.sub(r"\(\?P<pk>.*", "", route.split("<int:pk>")[0])
    return [part for part in re.split(r"[/^$\\]+", route) if part and not part.startswith(("(", "<"))]


def model_for_route(route, callback):
    """The model whose ``pk`` the URL ``route`` (as written in the URLconf) names, or None if unknown."""
    cls = getattr(callback, "cls", None)
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    view_class = getattr(callback, "view_class", None)
    if getattr(view_class, "model", None) is not None:
        return view_class.model
    segments = _segments(route)
    if not segments:
        return None
    app_label = (getattr(callback, "__module__", "") or "").split(".")[0]
    candidates = [m for m in apps.get_models() if m._meta.app_label == app_label
                  and not m._meta.model_name.startswith("historical")] if app_label else []
    names = ["-".join(segments[i:]) for i in range(len(segments))]
    for name in names:
        for model in candidates:
            opts = model._meta
            if name in {opts.model_name, slugify(str(opts.verbose_name)), slugify(str(opts.verbose_name_plural))}:
                return model
        alias = getattr(settings, "AUDIT_ROUTE_ALIASES", {}).get(name)
        if alias:
            return apps.get_model(alias)
    # "meetings/actions/<pk>" names a MeetingAction: the one model of the app whose name ends in the singular.
    last = segments[-1]
    singular = last[:-3] + "y" if last.endswith("ies") else last.rstrip("s")
    ending = [model for model in candidates if model._meta.model_name.endswith(singular.replace("-", ""))]
    return ending[0] if len(ending) == 1 else None


def _restricted_item(request):
    match = getattr(request, "resolver_match", None)
    if match is None or "pk" not in match.kwargs:
        return None
    model = model_for_route(match.route, match.func)
    if model is None or "restricted" not in {f.name for f in model._meta.concrete_fields}:
        return None
    tenant_id = get_current_tenant_id()
    if tenant_id is None:
        return None
    return model._base_manager.filter(pk=match.kwargs["pk"], tenant_id=tenant_id, restricted=True).first()


class AuditMiddleware:
    """Records 403s answered to signed-in users and successful reads of restricted items.

    Placed after the tenant middleware, so the partnership (a browser session's, or an API token's, which the
    token authentication activates inside the view) is still active when the response comes back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            self._audit(request, response)
        except Exception:  # an audit failure is logged loudly, never turned into a broken page
            log.exception("audit: could not record an event for %s", request.path)
        return response

    def _audit(self, request, response):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        status = response.status_code
        if status == 403 and not getattr(request, "_bct_refusal_recorded", False):
            request._bct_refusal_recorded = True
            if get_current_tenant_id() is None:
                log.info("audit kind=denied tenant=None user=%s path=%s", user.username, request.path)
                return
            record(AuditKind.DENIED, request, user=user, detail=f"HTTP 403 on {request.method} {request.path}")
        elif 200 <= status < 300 and request.method in ("GET", "HEAD"):
            item = _restricted_item(request)
            if item is not None:
                record(AuditKind.RESTRICTED_READ, request, user=user, obj=item, detail=str(item)[:200])
