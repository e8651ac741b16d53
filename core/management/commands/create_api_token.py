"""``manage.py create_api_token <username> --tenant <slug>``: issue an API key for one user in one tenant.

The key is printed once, alone on the last line of stdout (API.md, "Auth"), so that a script can take
it with ``KEY=$(manage.py create_api_token ... | tail -n 1)``; what was issued is reported on stderr. Only
the key's hash is stored.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.models import ApiToken, Membership, Partnership, User
from core.tenancy import tenant_context


def partnership_by_slug(slug):
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        known = ", ".join(Partnership.objects.order_by("slug").values_list("slug", flat=True)) or "none"
        raise CommandError(f"Unknown partnership '{slug}' (known: {known}).")
    return partnership


class Command(BaseCommand):
    help = "Create an API token for a user in one partnership and print its key, alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--tenant", required=True, help="The slug of the partnership the token acts in.")
        parser.add_argument("--name", default="", help="A label to tell the token apart, e.g. 'UHL data feed'.")
        parser.add_argument("--expires-days", type=int, default=ApiToken.DEFAULT_DAYS,
                            help=f"Expire the token after N days (default {ApiToken.DEFAULT_DAYS}, at most "
                                 f"{ApiToken.MAX_DAYS}, as on the API tokens page).")

    def handle(self, *args, username, tenant, name, expires_days, verbosity=1, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Unknown user '{username}'.")
        if not user.is_active:
            raise CommandError(f"User '{username}' is inactive; a token for them would be refused.")
        partnership = partnership_by_slug(tenant)
        if not Membership.all_tenants.filter(tenant=partnership, user=user).exists():
            raise CommandError(f"User '{username}' is not a member of '{partnership.slug}'.")
        if not 1 <= expires_days <= ApiToken.MAX_DAYS:
            raise CommandError(f"--expires-days must be a whole number of days from 1 to {ApiToken.MAX_DAYS}.")
        if len(name) > ApiToken._meta.get_field("name").max_length:
            raise CommandError("--name is too long (100 characters at most).")
        expires = timezone.now() + datetime.timedelta(days=expires_days)

        with tenant_context(partnership):
            token, key = ApiToken.issue(user, partnership, name=name, expires=expires)
        if verbosity > 0:
            expiry = timezone.localtime(token.expires)
            self.stderr.write(
                f"Created token {token.prefix}… for {user.username} in {partnership.slug}, expires "
                f"{expiry:%Y-%m-%d %H:%M %Z}. "
                "The key is shown once; store it now."
            )
        self.stdout.write(key)
