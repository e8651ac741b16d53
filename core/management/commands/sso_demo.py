"""``manage.py sso_demo``: the demo's identity provider for `make sso-demo` (README "Connecting to your
organisation"): LLR's "Test identity provider", enabled, pointing at scripts/oidc_provider.mjs. Idempotent; refused
unless DEBUG is on, so a real deployment never gets a provider that signs anyone in."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import IdentityProvider, Partnership
from core.tenancy import tenant_context

SLUG = "demo-sso"
SECRET_ENV = "SSO_DEMO_CLIENT_SECRET"


class Command(BaseCommand):
    help = "Register the local test OpenID Connect provider for the LLR demo partnership (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", default="http://127.0.0.1:9000")
        parser.add_argument("--partnership", default="llr")

    def handle(self, *args, issuer, partnership, **options):
        if not settings.DEBUG:
            raise CommandError("sso_demo registers a provider that signs anyone in: development (DEBUG) only.")
        tenant = Partnership.objects.filter(slug=partnership).first()
        if tenant is None:
            raise CommandError(f"No partnership {partnership!r}: run `manage.py load_demo` first.")
        with tenant_context(tenant):
            provider, _ = IdentityProvider.objects.update_or_create(slug=SLUG, defaults={
                "name": "Test identity provider", "issuer": issuer, "client_id": "bct-portal",
                "secret_env": SECRET_ENV, "allowed_domains": "example.nhs.uk", "enabled": True})
        self.stdout.write(f"{provider.name} ({issuer}) enabled for {tenant.name}; the client secret is read from "
                          f"${SECRET_ENV}.")
