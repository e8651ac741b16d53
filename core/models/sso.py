"""Single sign-on: the OpenID Connect identity providers a partnership lets its members sign in with
(README "Connecting to your organisation"; the sign-in itself is core.accounts.sso, built on django-allauth)."""

import os
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from .base import TenantModel, tenant_history

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ENV_NAME_RE = r"^[A-Z][A-Z0-9_]{0,99}$"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class IdentityProvider(TenantModel):
    """An OpenID Connect provider (Microsoft Entra ID, NHSmail, ...) registered for one partnership.

    The client secret is never stored: ``secret_env`` names the environment variable that holds it, so the
    secret lives in the deployment's secret store. Off until ``enabled`` is ticked."""

    name = models.CharField(max_length=100, help_text="Shown on the login page, e.g. 'NHSmail'.")
    slug = models.SlugField(
        max_length=50, unique=True,
        help_text="Part of the redirect URI registered with the provider: /accounts/oidc/<slug>/login/callback/. "
                  "Unique across the portal.",
    )
    issuer = models.URLField(
        max_length=300,
        help_text="The provider's issuer URL; its discovery document is read from "
                  "<issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField(max_length=200, help_text="The application (client) id the provider issued.")
    secret_env = models.CharField(
        "client secret variable", max_length=100, validators=[RegexValidator(ENV_NAME_RE, "Use capital letters, "
                                                                             "digits and underscores.")],
        help_text="The name of the environment variable holding the client secret (the secret itself is never "
                  "stored in the database).",
    )
    allowed_domains = models.TextField(
        help_text="Email domains whose people may sign in this way, one a line (e.g. nhs.net). An address in any "
                  "other domain is refused.",
    )
    enabled = models.BooleanField(default=False, help_text="Offer this provider on the login page.")

    history = tenant_history()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def domains(self):
        return [part.strip().lower().lstrip("@") for part in re.split(r"[\s,;]+", self.allowed_domains or "")
                if part.strip()]

    def allows(self, email):
        domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
        return bool(domain) and domain in self.domains

    @property
    def secret(self):
        return os.environ.get(self.secret_env, "")

    def clean(self):
        errors = {}
        domains = self.domains
        if not domains:
            errors["allowed_domains"] = "Name at least one email domain."
        bad = [domain for domain in domains if not DOMAIN_RE.match(domain)]
        if bad:
            errors["allowed_domains"] = f"Not an email domain: {', '.join(bad[:5])}."
        parts = urlsplit(self.issuer or "")
        if parts.scheme != "https" and not (settings.DEBUG or parts.hostname in LOCAL_HOSTS):
            errors["issuer"] = "The issuer must be an https:// address."
        if parts.query or parts.fragment:
            errors["issuer"] = "The issuer has no query or fragment."
        if errors:
            raise ValidationError(errors)
