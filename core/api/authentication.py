"""`Authorization: Token <key>`: the token fixes the tenant the request acts in (API.md)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core import rules, tenancy
from core.accounts import audit
from core.db import cross_tenant_lookup
from core.models import ApiToken, Membership
from core.models.access import hash_token_key

# Writing last_used on every request would turn each read into a write; once a minute is enough to audit use.
LAST_USED_RESOLUTION_SECONDS = 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        key = self.key_of(request)
        return None if key is None else self.authenticate_key(request, key)

    def key_of(self, request):
        """The key the request's ``Authorization`` header carries, or None when it names another scheme."""
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: use 'Authorization: Token <key>'.")
        try:
            return header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None

    def authenticate_key(self, request, key):
        with cross_tenant_lookup():  # the token names its tenant: look it up in all of them (row-level security)
            # The membership is read in the same statement as the token (one query, not two).
            membership = Membership.all_tenants.filter(tenant_id=OuterRef("tenant_id"), user_id=OuterRef("user_id"))
            token = (
                ApiToken.all_tenants.select_related("user", "tenant").annotate(is_member=Exists(membership))
                .filter(key_hash=hash_token_key(key)).first()
            )
            if token is None or not token.is_active or not token.user.is_active:
                raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
            if not token.is_member:
                raise exceptions.AuthenticationFailed("The token's user is no longer a member of its partnership.")
        # The access load (core.rules) need not ask again in this request.
        rules.note_membership(token.user, token.tenant_id)
        # The request now acts in the token's tenant only; the middleware restores the previous value afterwards.
        tenancy.activate(token.tenant)
        request._request.tenant = token.tenant
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            ApiToken.all_tenants.filter(pk=token.pk).update(last_used=now)
            audit.token_used(request._request, token)  # security audit trail, at the same once-a-minute rate
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create one with `manage.py create_api_token USER --tenant SLUG`.",
        }
