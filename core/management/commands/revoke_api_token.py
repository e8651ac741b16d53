"""``manage.py revoke_api_token <prefix> --tenant <slug>``: revoke an API key by the characters it starts with.

The prefix is what the portal shows for a token (its first twelve characters, ``bct_`` and eight more);
the whole key works too. A prefix is matched only within the named partnership, and must match exactly
one active token.
"""

from django.core.management.base import BaseCommand, CommandError

from core.models import ApiToken
from core.models.access import hash_token_key
from core.tenancy import tenant_context

from .create_api_token import partnership_by_slug

MIN_PREFIX = 4


class Command(BaseCommand):
    help = "Revoke the API token of a partnership whose key starts with PREFIX."

    def add_arguments(self, parser):
        parser.add_argument(
            "prefix",
            help="The token's prefix (its first characters, e.g. bct_AbC12345) or the whole key.",
        )
        parser.add_argument("--tenant", required=True, help="The slug of the partnership the token acts in.")

    def handle(self, *args, prefix, tenant, verbosity=1, **options):
        prefix = prefix.strip()
        if len(prefix) < MIN_PREFIX:
            raise CommandError(f"Give at least {MIN_PREFIX} characters of the key.")
        partnership = partnership_by_slug(tenant)
        stored_length = ApiToken._meta.get_field("prefix").max_length
        wanted = prefix[:stored_length]
        candidates = ApiToken.all_tenants.filter(
            tenant=partnership, prefix__startswith=wanted, revoked__isnull=True
        ).select_related("user")
        if len(prefix) > stored_length:
            # More than the stored prefix can only be the whole key: match it exactly, by its hash.
            candidates = candidates.filter(key_hash=hash_token_key(prefix))
        # SQLite's LIKE ignores case, and keys are case-sensitive: compare exactly here.
        tokens = [token for token in candidates if token.prefix.startswith(wanted)]
        if not tokens:
            raise CommandError(f"No active token of '{partnership.slug}' starts with '{prefix}'.")
        if len(tokens) > 1:
            raise CommandError(f"More than one active token of '{partnership.slug}' starts with '{prefix}'; "
                               "give more characters.")
        token = tokens[0]
        with tenant_context(partnership):
            token.revoke()
        if verbosity > 0:
            self.stdout.write(f"Revoked token {token.prefix}… of {token.user.username} in {partnership.slug}.")
