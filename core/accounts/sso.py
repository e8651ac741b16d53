"""Single sign-on with OpenID Connect, on django-allauth's ``openid_connect`` provider (README "Connecting to your
organisation", SECURITY.md "Single sign-on").

allauth does the protocol: the discovery document, the authorisation request (state in the session, PKCE), the
code exchange, the ID token's checks (issuer, audience, expiry) and the userinfo call. The portal adds:

- the providers are rows of ``core.IdentityProvider``, one or more per partnership, listed to allauth by
  ``PortalSocialAccountAdapter.list_apps`` (nothing in allauth's own SocialApp table);
- the ID token's signature is always checked against the provider's keys (``PortalOIDCAdapter``; allauth skips it
  when the token came straight from the token endpoint, which the specification allows);
- the discovery document must name the configured issuer and the endpoints the flow needs;
- nobody is created: the verified email must be that of exactly one active member of the provider's partnership,
  in one of its allowed domains (``match_member``); the PMO grants roles as for anyone else;
- the session remembers the provider for logout (``end_session_endpoint``) and whether the provider's ``amr``
  claim reports a second factor (``SSO_MFA_AMR_VALUES``), which then satisfies the portal's two-factor gate;
- a partnership whose policy turns local passwords off is entered only through its own providers
  (``LocalPasswordMiddleware``, ``passwords_refused``).
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render

from core.accounts import audit
from core.db import cross_tenant_lookup
from core.models import AuditKind, IdentityProvider, SecurityPolicy, User

log = logging.getLogger("bct_portal.sso")

SSO_SESSION_KEY = "bct_sso"  # {"tenant": id, "provider": slug, "mfa": bool, "logout": {...}}
LOCAL_POLICY_SESSION_KEY = "bct_local_passwords"  # {tenant id: True when the partnership refuses local passwords}
BACKEND = "core.backends.RaciBackend"
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")


class SsoRefused(Exception):
    """A sign-in that must not go on; ``message`` is what the person is told."""

    def __init__(self, message, reason="", status=403):
        super().__init__(message)
        self.message, self.reason, self.status = message, reason or message, status


# The providers ---------------------------------------------------------------------------------------------------


def enabled_providers(tenant_id=None):
    """The enabled providers of every partnership (the login page is shown before anyone is known), or of one."""
    with cross_tenant_lookup():
        providers = IdentityProvider.all_tenants.filter(enabled=True).select_related("tenant")
        if tenant_id is not None:
            providers = providers.filter(tenant_id=tenant_id)
        return list(providers.order_by("tenant__name", "name"))


def provider_by_slug(slug):
    with cross_tenant_lookup():
        return IdentityProvider.all_tenants.filter(slug=slug, enabled=True).select_related("tenant").first()


def social_app(idp):
    """allauth's SocialApp for ``idp``, in memory only: allauth's own table stays empty."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp(
        provider="openid_connect", provider_id=idp.slug, name=idp.name, client_id=idp.client_id, secret=idp.secret,
        settings={"server_url": idp.issuer.rstrip("/"), "oauth_pkce_enabled": True, "bct_idp": idp.pk},
    )


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's hooks: the providers from core.IdentityProvider, the member matched by email, the errors shown."""

    def list_apps(self, request, provider=None, client_id=None):
        providers = [provider_by_slug(provider)] if provider and provider != "openid_connect" else \
            enabled_providers()
        return [social_app(idp) for idp in providers if idp is not None
                and (client_id is None or idp.client_id == client_id)]

    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider):
            # The login redirect and the callback both go through the stricter adapter (PortalOIDCAdapter).
            found.oauth2_adapter_class = PortalOIDCAdapter
        return found

    def is_open_for_signup(self, request, sociallogin):
        return False  # never: a person is matched to an existing member or refused (pre_social_login)

    def pre_social_login(self, request, sociallogin):
        idp = provider_by_slug(sociallogin.account.provider)
        if idp is None:
            raise ImmediateHttpResponse(refusal_page(request, None, SsoRefused(
                "This sign-in option is no longer available.", "provider disabled")))
        try:
            user, claims = match_member(idp, sociallogin.account.extra_data or {})
        except SsoRefused as refused:
            raise ImmediateHttpResponse(refusal_page(request, idp, refused, username=_email_of(
                sociallogin.account.extra_data or {}))) from None
        user.backend = BACKEND
        sociallogin.user = user
        amr = claims.get("amr") or []
        amr = [str(value) for value in ([amr] if isinstance(amr, str) else amr) if isinstance(value, str | int)]
        request._bct_sso = {
            "tenant": idp.tenant_id, "provider": idp.slug, "amr": amr,
            "mfa": bool(set(amr) & set(settings.SSO_MFA_AMR_VALUES)),
            "logout": getattr(sociallogin, "_bct_logout", None),
        }

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        idp = provider_by_slug(getattr(getattr(provider, "app", None), "provider_id", "") or "")
        if exception is None and (extra_context or {}).get("state") is None:
            refused = SsoRefused("This sign-in link has already been used or has expired. Start again from the "
                                 "login page.", "unknown or replayed state")
        elif error == "cancelled":
            refused = SsoRefused("Sign-in was cancelled at your organisation's login page.", "cancelled")
        elif exception is not None and "id_token" in str(exception):
            refused = SsoRefused("Your organisation's sign-in could not be verified (its token was not valid for "
                                 "this portal, or has expired). Try again; if it keeps happening, tell the "
                                 "programme office.", f"ID token refused: {exception.__cause__ or exception}")
        else:
            refused = SsoRefused("Your organisation's sign-in service did not answer as expected. Try again later, "
                                 "or tell the programme office.", f"provider error: {error} {exception or ''}",
                                 status=502)
        raise ImmediateHttpResponse(refusal_page(request, idp, refused))


class PortalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, stricter: a checked discovery document, a signature always verified."""

    @property
    def openid_config(self):
        if not hasattr(self, "_openid_config"):
            config = super().openid_config
            if not isinstance(config, dict):
                raise ValueError("the discovery document is not a JSON object")
            missing = [name for name in ("issuer", *REQUIRED_ENDPOINTS) if not isinstance(config.get(name), str)]
            if missing:
                raise ValueError(f"the discovery document lacks {', '.join(missing)}")
            expected = self.get_provider().app.settings["server_url"].rstrip("/")
            if config["issuer"].rstrip("/") != expected:
                raise ValueError(f"the discovery document names the issuer {config['issuer']!r}, not {expected!r}")
        return self._openid_config

    def _decode_id_token(self, app, id_token):
        return jwtkit.verify_and_decode(
            credential=id_token, keys_url=self.openid_config["jwks_uri"], issuer=self.openid_config["issuer"],
            audience=app.client_id, lookup_kid=jwtkit.lookup_kid_jwk, verify_signature=True,
        )

    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        endpoint = self.openid_config.get("end_session_endpoint")
        id_token = (kwargs.get("response") or {}).get("id_token")
        login._bct_logout = ({"endpoint": endpoint, "id_token": id_token, "client_id": app.client_id}
                             if isinstance(endpoint, str) and endpoint.startswith(("https://", "http://")) else None)
        return login


# Matching a person -----------------------------------------------------------------------------------------------


def _truthy(value):
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _claims(extra_data):
    id_token = extra_data.get("id_token") if isinstance(extra_data.get("id_token"), dict) else {}
    userinfo = extra_data.get("userinfo") if isinstance(extra_data.get("userinfo"), dict) else {}
    if userinfo and id_token and userinfo.get("sub") != id_token.get("sub"):
        raise SsoRefused("Your organisation's sign-in answered inconsistently. Try again.",
                         "userinfo sub differs from the ID token's")
    return {**id_token, **userinfo, "amr": id_token.get("amr") or []}


def _email_of(extra_data):
    try:
        email = _claims(extra_data).get("email")
    except SsoRefused:
        return ""
    return email.strip() if isinstance(email, str) else ""


def match_member(idp, extra_data):
    """The one active member of ``idp``'s partnership whose email the provider verified; else SsoRefused."""
    claims = _claims(extra_data)
    email = claims.get("email").strip() if isinstance(claims.get("email"), str) else ""
    if not email:
        raise SsoRefused("Your organisation did not tell us your email address, so we cannot tell who you are.",
                         "no email claim")
    # Microsoft Entra ID states a verified domain as xms_edov (an optional claim) rather than email_verified.
    if not (_truthy(claims.get("email_verified")) or _truthy(claims.get("xms_edov"))):
        raise SsoRefused(f"Your organisation has not verified the email address {email}, so it cannot be used to "
                         "sign in here.", "email not verified")
    if not idp.allows(email):
        raise SsoRefused(f"{idp.name} sign-in is not open to addresses like {email}. Use the sign-in for your own "
                         "organisation, or ask the programme office.", "email domain not allowed")
    with cross_tenant_lookup():
        users = list(User.objects.filter(email__iexact=email, is_active=True, memberships__tenant_id=idp.tenant_id)
                     .distinct()[:2])
    if len(users) != 1:
        reason = "no member has this email" if not users else "several members share this email"
        raise SsoRefused(f"There is no portal account for {email} in {idp.tenant.name}. The programme office adds "
                         "people and gives them their roles: ask them to add you with this email address.", reason)
    return users[0], claims


def refusal_page(request, idp, refused, username=""):
    """The clear page for a refused sign-in, recorded in the audit trail (never a 500, never a login)."""
    tenant_id = idp.tenant_id if idp is not None else None
    log.warning("sso refused provider=%s reason=%s", getattr(idp, "slug", "-"), refused.reason)
    audit.record(AuditKind.SSO_REFUSED, request, tenant_id=tenant_id, user=None, username=username,
                 detail=f"{getattr(idp, 'name', 'unknown provider')}: {refused.reason}")
    return render(request, "registration/sso_refused.html", {"message": refused.message, "provider": idp},
                  status=refused.status)


@receiver(user_logged_in, dispatch_uid="bct_sso_logged_in")
def _sso_logged_in(sender, request, user, **kwargs):
    """After allauth's login: the session acts in the provider's partnership and remembers how it signed in."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(LOCAL_POLICY_SESSION_KEY, None)
    data = getattr(request, "_bct_sso", None)
    if data is None:
        request.session.pop(SSO_SESSION_KEY, None)
        return
    from core.middleware import SESSION_KEY

    request.session[SSO_SESSION_KEY] = data
    request.session[SESSION_KEY] = data["tenant"]
    audit.record(AuditKind.SSO_LOGIN, request, tenant_id=data["tenant"], user=user,
                 detail=f"provider {data['provider']}; amr {' '.join(data['amr']) or 'none'}; two-factor "
                        f"{'satisfied by the provider' if data['mfa'] else 'not reported by the provider'}")


def provider_mfa(request):
    """True when this session signed in through a provider whose ``amr`` reported a second factor."""
    session = getattr(request, "session", None)
    return bool(session is not None and (session.get(SSO_SESSION_KEY) or {}).get("mfa"))


# Local passwords -------------------------------------------------------------------------------------------------


def passwords_refused(user):
    """True when every partnership ``user`` belongs to has turned local passwords off (superusers excepted)."""
    from core.models import Membership

    if user.is_superuser:
        return False
    with cross_tenant_lookup():
        tenants = set(Membership.all_tenants.filter(user=user).values_list("tenant_id", flat=True))
        if not tenants:
            return False
        refusing = set(SecurityPolicy.all_tenants.filter(tenant_id__in=tenants, local_passwords_allowed=False)
                       .values_list("tenant_id", flat=True))
    return refusing == tenants


LOCAL_PASSWORD_OPEN_PREFIXES = ("/accounts/", "/static/", "/assets/", "/healthz", "/calendar/", "/admin/")


class LocalPasswordMiddleware:
    """A partnership that turned local passwords off is entered only by a session that signed in through one of its
    own providers; anyone else (a password login, another partnership's provider) is shown its sign-in options.
    Superusers are the break-glass exception. The policy is read once per session and partnership."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        tenant = getattr(request, "tenant", None)
        if (tenant is None or user is None or not user.is_authenticated or user.is_superuser
                or request.path.startswith(LOCAL_PASSWORD_OPEN_PREFIXES)):
            return self.get_response(request)
        cache = request.session.get(LOCAL_POLICY_SESSION_KEY) or {}
        key = str(tenant.pk)
        if key not in cache:
            cache[key] = not SecurityPolicy.for_tenant(tenant).local_passwords_allowed
            request.session[LOCAL_POLICY_SESSION_KEY] = cache
        if cache[key] and (request.session.get(SSO_SESSION_KEY) or {}).get("tenant") != tenant.pk:
            message = f"{tenant.name} signs its members in through their organisation: sign in again that way."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            return render(request, "registration/sso_required.html",
                          {"message": message, "providers": enabled_providers(tenant.pk)}, status=403)
        return self.get_response(request)
