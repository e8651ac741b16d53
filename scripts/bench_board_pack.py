# ruff: noqa: E402
"""Benchmark a Delivery Board pack of a large partnership: 2,000 risks and 300 benefits with measurements.

    .venv/bin/python scripts/bench_board_pack.py [--risks 2000] [--benefits 300] [--runs 3]

Uses its own SQLite file (var/bench_board_pack.sqlite3), or DATABASE_URL when set; the PDFs go to
var/bench_board_pack_media/ (or MEDIA_ROOT). Loads the demo and adds
the risks, BAF entries, issues, benefits and measurements with ``bulk_create`` (once; later runs reuse them).
Each run renders the pack in a child process, as a worker would, and reports its wall time and the child's
peak resident memory (``ru_maxrss``). Target: under 20 s and under 1 GB.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bct_portal.settings.local")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_board_pack.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench_board_pack_media"))
os.environ["DEBUG"] = "false"  # no query log growing in memory
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from benefits import realisation  # noqa: E402
from benefits.choices import BenefitType, PeriodKind  # noqa: E402
from benefits.models import Benefit, BenefitMeasurement  # noqa: E402
from core import numbering  # noqa: E402
from core.models import (
    Partnership,  # noqa: E402
    User,  # noqa: E402
)
from core.numbering import allocate as allocate_number  # noqa: E402
from core.tenancy import tenant_context  # noqa: E402
from meetings import services as meetings  # noqa: E402
from meetings.models import BoardPack  # noqa: E402
from programme.choices import BodyKind  # noqa: E402
from programme.models import Body, Objective, Project  # noqa: E402
from risks.bands import bands_for  # noqa: E402
from risks.choices import Category, IssuePriority, Level, Nature, Response  # noqa: E402
from risks.models import BafEntry, BoardAssuranceFramework, Issue, Risk  # noqa: E402

PREFIX = "Bench "
TARGET_SECONDS, TARGET_BYTES = 20, 1024 ** 3


def seed_risks(tenant, wanted, rng):
    have = Risk.objects.filter(title__startswith=PREFIX).count()
    missing = wanted - have
    if missing <= 0:
        return
    projects = list(Project.objects.select_related("workstream"))
    owners = list(User.objects.filter(memberships__tenant=tenant))
    levels = [Level.PROJECT] * 5 + [Level.WORKSTREAM] * 3 + [Level.PROGRAMME] * 2 + [Level.DELIVERY_BOARD]
    with transaction.atomic():
        first = allocate_number(tenant.pk, "R", count=missing)
        bands = bands_for(tenant)
        batch = []
        for offset in range(missing):
            level, project = rng.choice(levels), rng.choice(projects)
            il, ii = rng.randint(1, 5), rng.randint(1, 5)
            risk = Risk(
                tenant=tenant, number=first + offset, ref=f"R-{first + offset:04d}", title=f"{PREFIX}risk {offset}",
                description="Generated for the benchmark. " * 4, category=rng.choice(Category.values),
                nature=Nature.THREAT, level=level, project=project if level == Level.PROJECT else None,
                workstream=project.workstream if level in (Level.PROJECT, Level.WORKSTREAM) else None,
                owner=rng.choice(owners), inherent_likelihood=il, inherent_impact=ii,
                residual_likelihood=rng.randint(1, il), residual_impact=rng.randint(1, ii),
                controls="Controls in place. " * 3, response=Response.REDUCE,
            )
            risk.sync_scores(bands)
            risk.review_date = datetime.date.today() + datetime.timedelta(days=rng.randint(-60, 90))
            batch.append(risk)
        Risk.all_tenants.bulk_create(batch, batch_size=500)
        baf = BoardAssuranceFramework.for_level(tenant, Level.DELIVERY_BOARD)
        board_risks = Risk.objects.filter(title__startswith=PREFIX, level=Level.DELIVERY_BOARD)
        BafEntry.all_tenants.bulk_create([
            BafEntry(tenant=tenant, baf=baf, risk=risk, principal_risk=risk.title, controls=risk.controls,
                     gaps_in_control="A gap in control. " * 2)
            for risk in board_risks
        ], batch_size=500)
        issue_first = allocate_number(tenant.pk, "I", count=200)
        Issue.all_tenants.bulk_create([
            Issue(tenant=tenant, number=issue_first + n, ref=f"I-{issue_first + n:04d}", title=f"{PREFIX}issue {n}",
                  level=Level.PROGRAMME, priority=rng.choice(IssuePriority.values), owner=rng.choice(owners))
            for n in range(200)
        ], batch_size=500)


def seed_benefits(tenant, wanted, rng):
    have = Benefit.objects.filter(title__startswith=PREFIX).count()
    missing = wanted - have
    if missing <= 0:
        return
    owners = list(User.objects.filter(memberships__tenant=tenant))
    objectives = list(Objective.objects.all())
    projects = list(Project.objects.select_related("workstream"))
    years = [datetime.date(year, 4, 1) for year in range(2015, 2023)]
    with transaction.atomic():
        last = numbering.allocate(tenant.pk, "B", count=missing, floor=numbering.highest(Benefit, tenant.pk)) - 1
        benefits = []
        for offset in range(missing):
            number = last + offset + 1
            project = rng.choice(projects)
            benefits.append(Benefit(
                tenant=tenant, number=number, ref=f"B-{number:04d}", title=f"{PREFIX}benefit {offset}",
                owner=rng.choice(owners), type=rng.choice([BenefitType.CASHABLE, BenefitType.NON_CASHABLE]),
                unit="£", period_kind=PeriodKind.FINANCIAL_YEAR, level="project", scope_project=project,
                scope_workstream=project.workstream, workstream=project.workstream,
            ))
        Benefit.all_tenants.bulk_create(benefits, batch_size=500)
        created = list(Benefit.objects.filter(title__startswith=PREFIX, measurements__isnull=True))
        links = Benefit.objectives.through
        links.objects.bulk_create([links(benefit_id=b.pk, objective_id=rng.choice(objectives).pk) for b in created],
                                  batch_size=500)
        rows = []
        for benefit in created:
            base = Decimal(rng.randint(10, 400) * 1000)
            for index, period in enumerate(years):
                planned = base * (index + 1) / 4
                actual = (planned * Decimal(rng.uniform(0.6, 1.1))).quantize(Decimal("0.01")) if index < 5 else None
                rows.append(BenefitMeasurement(tenant=tenant, benefit=benefit, period=period, planned=planned,
                                               actual=actual, forecast=planned if actual is None else None))
        BenefitMeasurement.all_tenants.bulk_create(rows, batch_size=1000)
        points = {}
        for m in BenefitMeasurement.objects.filter(benefit__in=created):
            points.setdefault(m.benefit_id, []).append(realisation.Point(m.period, m.planned, m.actual, m.forecast))
        for benefit in created:
            position = realisation.position(points[benefit.pk])
            benefit.planned_total, benefit.planned_to_date = position.planned_total, position.planned_to_date
            benefit.actual_to_date, benefit.realisation_percent = position.actual_to_date, position.percent
            benefit.trend = position.trend or ""
            benefit.latest_period = position.latest.period if position.latest else None
        Benefit.all_tenants.bulk_update(created, ["planned_total", "planned_to_date", "actual_to_date",
                                                  "realisation_percent", "trend", "latest_period"], batch_size=500)


def render_child(meeting_id):
    """In the child: render a new version of the meeting's pack and print what it measured, as JSON."""
    from meetings.packs import render

    with tenant_context(Partnership.objects.get(slug="llr")):
        meeting = meetings.Meeting.objects.get(pk=meeting_id)
        version = BoardPack.objects.filter(meeting=meeting).count() + 1
        pack = BoardPack.objects.create(meeting=meeting, version=version)
    start = time.perf_counter()
    status = render.render_pack(pack.pk)
    seconds = time.perf_counter() - start
    pack = BoardPack.all_tenants.get(pk=pack.pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    print(json.dumps({"status": status, "seconds": seconds, "peak_bytes": peak, "pages": pack.pages,
                      "size": pack.size, "error": pack.error[:500]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=2000)
    parser.add_argument("--benefits", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return render_child(args.child)

    print(f"Database: {os.environ['DATABASE_URL']}")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    tenant = Partnership.objects.get(slug="llr")
    rng = random.Random(2026)
    with tenant_context(tenant):
        start = time.perf_counter()
        seed_risks(tenant, args.risks, rng)
        seed_benefits(tenant, args.benefits, rng)
        print(f"Seeded in {time.perf_counter() - start:.1f} s: {Risk.objects.count()} risks, "
              f"{Benefit.objects.count()} benefits, {BenefitMeasurement.objects.count()} measurements, "
              f"{Issue.objects.count()} issues in {tenant.slug}")
        meeting = meetings.next_meeting(Body.objects.get(kind=BodyKind.DELIVERY_BOARD))
    results = []
    for run in range(args.runs):
        wall = time.perf_counter()
        child = subprocess.run([sys.executable, __file__, "--child", str(meeting.pk)], capture_output=True,
                               text=True, env=os.environ, check=False)
        wall = time.perf_counter() - wall
        if child.returncode != 0:
            sys.exit(child.stderr[-3000:])
        result = json.loads(child.stdout.strip().splitlines()[-1])
        if result["status"] != "ready":
            sys.exit(f"render failed: {result['error']}")
        results.append((result["seconds"], wall, result["peak_bytes"]))
        print(f"run {run + 1}: render {result['seconds']:.2f} s (process {wall:.2f} s), peak RSS "
              f"{result['peak_bytes'] / 1024 ** 2:.0f} MB, {result['pages']} pages, {result['size'] / 1024:.0f} KB")
    worst = max(results)
    peak = max(result[2] for result in results)
    ok = worst[0] < TARGET_SECONDS and peak < TARGET_BYTES
    print(f"Delivery Board pack, {args.risks} risks and {args.benefits} benefits: slowest render {worst[0]:.2f} s, "
          f"peak RSS {peak / 1024 ** 2:.0f} MB. Target (< {TARGET_SECONDS} s, < 1 GB): {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
