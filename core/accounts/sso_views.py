"""The sign-in pages: the login page (password and the partnerships' identity providers), allauth's OpenID Connect
login and callback behind a guard that turns any failure to talk to the provider into a clear page, and the logout
that ends the provider's session too (core.accounts.sso)."""

import logging

import requests
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.accounts import sso

log = logging.getLogger("bct_portal.sso")

# What a provider that cannot be reached, or answers nonsense, raises inside allauth's flow.
PROVIDER_FAILURES = (requests.RequestException, OAuth2Error, ValueError, KeyError, TypeError, AttributeError)


class PortalAuthenticationForm(AuthenticationForm):
    # Django's password field has no limit; 4,096 characters is where Django's own hashers stop (a longer
    # password is refused before any hashing, so no request can make the server hash megabytes).
    password = forms.CharField(label="Password", strip=False, max_length=4096,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the user name's limit after building the field, so its validator is missing: enforce it.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if sso.passwords_refused(user):
            raise forms.ValidationError(
                "Your partnership signs you in through your organisation, not with a portal password: use the "
                "sign-in button for your organisation below.", code="sso_only")


class PortalLoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "providers": sso.enabled_providers()}


class PortalLogoutView(auth_views.LogoutView):
    """Django's logout; then, after a provider sign-in, on to the provider's end_session_endpoint (RP-initiated
    logout) with the ID token as the hint, which brings the person back to the login page."""

    def post(self, request, *args, **kwargs):
        ending = (request.session.get(sso.SSO_SESSION_KEY) or {}).get("logout")
        response = super().post(request, *args, **kwargs)
        if not ending or not ending.get("endpoint"):
            return response
        params = {"client_id": ending["client_id"], "post_logout_redirect_uri": request.build_absolute_uri(
            reverse("login"))}
        if ending.get("id_token"):
            params["id_token_hint"] = ending["id_token"]
        endpoint = ending["endpoint"]
        return HttpResponseRedirect(f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}")


def _guarded(view_class):
    def view(request, provider_id):
        idp = sso.provider_by_slug(provider_id)
        if idp is None:
            raise Http404("No such sign-in option")
        try:
            return view_class.adapter_view(sso.PortalOIDCAdapter(request, provider_id))(request)
        except SocialApp.DoesNotExist:
            raise Http404("No such sign-in option") from None
        except PROVIDER_FAILURES as exc:
            log.warning("sso provider=%s failed: %r", provider_id, exc)
            return sso.refusal_page(request, idp, sso.SsoRefused(
                f"{idp.name} could not be reached, or did not answer as an OpenID Connect provider should. Nobody "
                "was signed in. Try again later; if it keeps happening, tell the programme office.",
                f"provider unreachable or malformed: {type(exc).__name__}: {exc}"[:400], status=502))

    return view


_login = _guarded(OAuth2LoginView)


def oidc_login(request, provider_id):
    """Started by the login page's button (a POST with its CSRF token); a GET (a bookmark) goes to that page."""
    if request.method != "POST":
        return redirect("login")
    return _login(request, provider_id)

oidc_callback = _guarded(OAuth2CallbackView)
