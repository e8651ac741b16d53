"""``manage.py generate_load_data``: the large, realistic dataset of issue 8 for benchmarks and load tests."""

from django.core.management.base import BaseCommand, CommandError

from perf.generate import LoadDataConflict, generate
from perf.scale import SCALES
from programme.management.commands.load_demo import PRODUCTION_SETTINGS, is_production


class Command(BaseCommand):
    help = (
        "Generate load data: 40 partnerships (at --scale full), one of them with 20 workstreams, 400 projects, "
        "20,000 risks, 2,000 benefits with five years of monthly measurements, 500 business cases, 2,000 change "
        "requests and ten years of history. Idempotent: a marker row records a finished run. Users get unusable "
        "passwords; the load test issues them API tokens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="full",
                            help="full (issue 8's dataset, a few minutes), small (a tenth) or tiny (tests).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Generate even with the production settings (it adds 40 fictional partnerships).")

    def handle(self, *args, scale="full", seed=2026, allow_production=False, verbosity=1, **options):
        if is_production() and not allow_production:
            raise CommandError(f"Refusing to generate load data with {PRODUCTION_SETTINGS}: it adds dozens of "
                               "fictional partnerships. Use a dedicated database, or pass --allow-production.")

        def log(line):
            if verbosity:
                self.stdout.write(line)

        log(f"Generating the '{scale}' load data (seed {seed})...")
        try:
            result = generate(scale, seed, log=log)
        except LoadDataConflict as exc:
            raise CommandError(str(exc)) from None
        if not result.generated:
            log(f"The '{scale}' load data is already here ({len(result.tenants)} partnerships): nothing to do.")
            return
        log(f"Large tenant {result.tenants[0]}: " + ", ".join(f"{n:,} {k}" for k, n in result.large.items()))
        log(f"All {len(result.tenants)} tenants: " + ", ".join(f"{n:,} {k}" for k, n in result.totals.items()))
        log(self.style.SUCCESS(f"Generated in {result.seconds:.1f} s."))
