"""``manage.py load_demo``: the two demo partnerships of API.md ("Demo data"), idempotently."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programme.demo import loading

PRODUCTION_SETTINGS = "bct_portal.settings.production"


def settings_module():
    return getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")


def is_production():
    """Production means the production settings module with DEBUG off; test and local settings are not."""
    return not settings.DEBUG and settings_module() == PRODUCTION_SETTINGS


class Command(BaseCommand):
    help = (
        "Load the demo partnerships (LLR Better Care Together and Northshire) with their partners, governance, "
        "workstreams, projects, RACI matrix and one user per role (password demo-pass-2026). Running it again "
        "changes nothing. Refused on production settings unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Load the demo even with the production settings (it creates users with a known password).",
        )

    def handle(self, *args, allow_production=False, verbosity=1, **options):
        if is_production() and not allow_production:
            raise CommandError(
                f"Refusing to load demo data with {PRODUCTION_SETTINGS} and DEBUG off: it creates users whose "
                "password is public. Use a development settings module, or pass --allow-production if this "
                "really is a disposable demonstration server."
            )
        partnerships = loading.load_all()
        if verbosity == 0:
            return
        for partnership in partnerships:
            rows = loading.counts(partnership)
            summary = ", ".join(f"{number} {name}" for name, number in rows.items())
            self.stdout.write(f"{partnership.slug} ({partnership.name}): {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Every demo user's password is demo-pass-2026."))
