# ruff: noqa: E402
"""Benchmark the risk register at 10,000 risks in one partnership.

    .venv/bin/python scripts/bench_risks.py [--risks 10000] [--runs 20]

Uses its own SQLite file (var/bench_risks.sqlite3), or DATABASE_URL when set. Loads the demo, adds the
risks with ``bulk_create`` (once; later runs reuse them), then reports the median and 95th percentile time
of: the API list at 100 rows (plain, and filtered and ordered in the database), the heat map (page and
API), the register page, and the .xlsx export of all the risks (target: under 10 s).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bct_portal.settings.local")
(ROOT / "var").mkdir(exist_ok=True)  # a fresh clone has no var/ yet
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_risks.sqlite3'}")
os.environ["DEBUG"] = "false"  # no query log growing in memory

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from core.models import (
    ApiToken,
    Partnership,
    User,  # noqa: E402
)
from core.numbering import allocate as allocate_number  # noqa: E402
from core.tenancy import tenant_context  # noqa: E402
from programme.models import Project  # noqa: E402
from risks.bands import bands_for  # noqa: E402
from risks.choices import Category, Level, Nature, Response  # noqa: E402
from risks.models import Risk  # noqa: E402

BENCH_PREFIX = "Bench risk "


def seed(tenant, wanted):
    with tenant_context(tenant):
        have = Risk.objects.filter(title__startswith=BENCH_PREFIX).count()
        missing = wanted - have
        if missing <= 0:
            return have
        rng = random.Random(2026)
        projects = list(Project.objects.select_related("workstream"))
        owners = list(User.objects.filter(memberships__tenant=tenant))
        levels = [Level.PROJECT] * 5 + [Level.WORKSTREAM] * 3 + [Level.PROGRAMME] * 2 + [Level.DELIVERY_BOARD]
        with transaction.atomic():
            first = allocate_number(tenant.pk, "R", count=missing)
            bands = bands_for(tenant)
            batch = []
            for offset in range(missing):
                level = rng.choice(levels)
                project = rng.choice(projects)
                il, ii = rng.randint(1, 5), rng.randint(1, 5)
                rl, ri = rng.randint(1, il), rng.randint(1, ii)
                risk = Risk(
                    tenant=tenant, number=first + offset, ref=f"R-{first + offset:04d}",
                    title=f"{BENCH_PREFIX}{have + offset + 1}", description="Generated for the benchmark. " * 4,
                    category=rng.choice(Category.values), nature=Nature.THREAT, level=level,
                    project=project if level == Level.PROJECT else None,
                    workstream=project.workstream if level in (Level.PROJECT, Level.WORKSTREAM) else None,
                    owner=rng.choice(owners), inherent_likelihood=il, inherent_impact=ii, residual_likelihood=rl,
                    residual_impact=ri, controls="Controls in place. " * 3, response=Response.REDUCE,
                )
                risk.sync_scores(bands)
                risk.review_date = risk.date_identified
                batch.append(risk)
            Risk.all_tenants.bulk_create(batch, batch_size=1000)
        return wanted


def timed(label, runs, call, check):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (label, response.status_code)
        check(response)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{label:<58} median {statistics.median(times) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms   (n={runs})")
    return statistics.median(times), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    print(f"Database: {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    tenant = Partnership.objects.get(slug="llr")
    start = time.perf_counter()
    total = seed(tenant, args.risks)
    print(f"Seeded {total} bench risks in {time.perf_counter() - start:.1f} s "
          f"({Risk.all_tenants.filter(tenant=tenant).count()} risks in {tenant.slug} in all)")

    user = User.objects.get(username="pmo.llr")
    api = APIClient()
    _, key = ApiToken.issue(user, tenant, name="bench")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    browser = Client()
    browser.force_login(user)

    def rows(n):
        return lambda r: len(r.json()["results"]) == n or sys.exit(f"expected {n} rows")

    timed("API list, 100 rows", args.runs, lambda: api.get("/api/v1/risks/?page_size=100"), rows(100))
    timed("API list, 100 rows, ?residual_rag=amber&ordering=-residual_score", args.runs,
          lambda: api.get("/api/v1/risks/?page_size=100&residual_rag=amber&ordering=-residual_score"), rows(100))
    timed("API list, 100 rows, page 20, ?level=project&ordering=ref", args.runs,
          lambda: api.get("/api/v1/risks/?page_size=100&page=20&level=project&ordering=ref"), rows(100))
    timed("API heat map (residual)", args.runs, lambda: api.get("/api/v1/risks/heatmap/"), lambda r: None)
    timed("Heat map page (residual)", args.runs, lambda: browser.get("/risks/heat-map/"), lambda r: None)
    timed("Register page, 100 rows", args.runs, lambda: browser.get("/risks/?page_size=100"), lambda r: None)
    median, _ = timed(f"Export .xlsx of all {Risk.all_tenants.filter(tenant=tenant, archived=False).count()} risks",
                      max(3, args.runs // 4), lambda: browser.get("/risks/export.xlsx"), lambda r: None)
    timed("Export .csv of all risks", max(3, args.runs // 4), lambda: browser.get("/risks/export.csv"),
          lambda r: None)
    print(f"Export target (< 10 s): {'met' if median < 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
