"""Request-level security: the client address, login throttling, the two-factor gate and the response headers.

Why a small middleware for the Content-Security-Policy instead of django-csp: the portal's own pages need no
nonce (there is no inline script or style anywhere: static/js/portal.js replaces the NHS.UK template's inline
script, and templates/base.html turns off htmx's injected styles), so the policy is one constant header; the
only variation is a narrow, per-path relaxation for two third-party UIs (Swagger UI and the Django admin), which
is ten lines here and would need a subclassed middleware with django-csp anyway. One less dependency to track.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the one TRUSTED_PROXY_COUNT proxies in front of us saw.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the client is
    the entry that many places from the right; anything further left is the client's own claim and ignored."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    axes refuses to run without the request, which every login form passes (the portal's and the admin's).
    A request-less ``authenticate()`` comes only from code (Django's test client ``login()``, a management
    command), where there is no client to throttle: it is passed on to the password backends unthrottled
    rather than failing. No URL reaches ``authenticate()`` without a request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# Two-factor gate ----------------------------------------------------------------------------------------------

# Paths a signed-in user may reach while the second factor is owed or enrolment is required.
# The calendar feeds are read with their URL's secret, never the session (core.accounts.calendar).
TWO_FACTOR_OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/static/",
                            "/assets/", "/healthz", "/calendar/")
POLICY_SESSION_KEY = "bct_2fa_required"


def two_factor_required(user, tenant):
    """True when ``tenant``'s policy requires two-factor authentication and ``user`` holds one of its roles."""
    from core import rules
    from core.models import SecurityPolicy

    if tenant is None:
        return False
    policy = SecurityPolicy.all_tenants.filter(tenant=tenant).values_list("two_factor_required", flat=True).first()
    if not policy:
        return False
    holders = rules.role_assignments().all_tenants
    return holders.filter(tenant=tenant, user=user, role__in=settings.TWO_FACTOR_ROLES).exists()


class TwoFactorMiddleware:
    """Deny by default until the second factor is given.

    - A user with a confirmed TOTP device (noted in the session at login, core.accounts.audit) whose session is not
      yet verified (django-otp's ``is_verified``) reaches nothing but the code step, logout and static files,
      whichever way they logged in (the portal's form or the admin's).
    - Where the partnership requires two-factor authentication for the user's role and they have no device,
      they are sent to set one up. Evaluated once per session and partnership (no query per request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(TWO_FACTOR_OPEN_PREFIXES):
            return self.get_response(request)
        from core.accounts.audit import OTP_OWED_SESSION_KEY
        from core.accounts.sso import provider_mfa

        # A provider sign-in whose `amr` claim reports a second factor counts as verified (core.accounts.sso).
        verified = getattr(user, "is_verified", lambda: False)() or provider_mfa(request)
        if request.session.get(OTP_OWED_SESSION_KEY) and not verified:
            return self._refuse(request, "two-factor-verify", "Enter the code from your authenticator app first.")
        tenant = getattr(request, "tenant", None)
        if not verified and tenant is not None:
            cache = request.session.get(POLICY_SESSION_KEY) or {}
            key = str(tenant.pk)
            if key not in cache:
                cache[key] = two_factor_required(user, tenant)
                request.session[POLICY_SESSION_KEY] = cache
            if cache[key]:
                return self._refuse(request, "two-factor", "Set up two-factor authentication to continue.")
        return self.get_response(request)

    def _refuse(self, request, url_name, message):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


# Response headers ---------------------------------------------------------------------------------------------


def _policy_header(policy):
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in policy.items())


def content_security_policy(path):
    """The Content-Security-Policy for ``path``: the portal's, with a path prefix's exceptions if any."""
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    for prefix, overrides in getattr(settings, "CONTENT_SECURITY_POLICY_EXCEPTIONS", {}).items():
        if path.startswith(prefix):
            policy.update(overrides)
    return _policy_header(policy)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (HSTS, nosniff, referrer policy and
    frame denial come from Django's SecurityMiddleware and XFrameOptionsMiddleware, set in production.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(request.path)
        if getattr(settings, "PERMISSIONS_POLICY", "") and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
