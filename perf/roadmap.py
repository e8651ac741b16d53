"""The programme roadmap's SVG (``plan.roadmap``) for 400 projects and 3,000 plan items, against its floor.

    .venv/bin/python -m perf.roadmap          # alone: prints the times and the load average

Self-contained: the input is built in memory (no database), 12 workstreams each with its projects, and under
them milestones, deliverables and step changes, each depending on its project or the item before it, so about
3,000 dependency arrows. **The floor** is an SVG string of the same elements made the cheapest way: per item a
link, its escaped tooltip, its label and a rect; per dependency a path and its tooltip; joined once. What the
roadmap costs over it is the layout: dates to positions, lanes, the axis, baseline ghosts, routed arrows, words.
``make bench`` runs it after the board pack (``perf.bench``).
"""

import os
import random
import statistics
import time
from datetime import date, timedelta
from xml.sax.saxutils import escape

PROJECTS, ITEMS, LANES = 400, 3000, 12
STATUSES = ("not_started", "on_track", "at_risk", "late", "complete")
ITEM_KINDS = ("milestone", "deliverable", "step_change")
DEPENDENCY_KINDS = ("FS", "SS", "FF")


def synthetic(projects=PROJECTS, items=ITEMS, lanes=LANES, seed=16):
    """(bars, arrows): ``projects`` project bars and ``items`` plan items over about four financial years."""
    from plan.roadmap import Arrow, Bar

    rng = random.Random(seed)
    first = date(2025, 4, 1)
    bars, arrows = [], []
    for number in range(projects):
        start = first + timedelta(days=rng.randrange(700))
        end = start + timedelta(days=rng.randrange(60, 900))
        bars.append(Bar(f"P-{number:04d}", f"Project {number}: service redesign & <pathway>",
                        f"Workstream {number % lanes}", "project", start, end,
                        end - timedelta(days=rng.randrange(-30, 120)), start,
                        rng.choice(STATUSES), f"/plan/projects/{number}/"))
    for number in range(items):
        project, kind = bars[number % projects], ITEM_KINDS[number % 3]
        start = project.start + timedelta(days=rng.randrange(200))
        end = start + timedelta(days=rng.randrange(300))
        bars.append(Bar(f"I-{number:05d}", f"Plan item {number}", project.lane, kind,
                        start if kind == "deliverable" else None, end, end + timedelta(days=rng.randrange(-40, 10)),
                        None, rng.choice(STATUSES), f"/plan/items/{number}/"))
        before = project.ref if number % 2 else bars[-2].ref
        arrows.append(Arrow(before, bars[-1].ref, DEPENDENCY_KINDS[number % 3], number % 7))
    return bars, arrows


def floor(bars, arrows, width, height):
    """The roadmap's elements made the cheapest way: per item a link holding its escaped tooltip, its label and a
    rect; per dependency a path with its tooltip; joined once. No layout, no dates turned into positions."""
    rows = [f'<a href="{escape(bar.url or "")}"><title>{escape(bar.ref)} {escape(bar.title)}; {bar.lane}; '
            f"{bar.start} to {bar.forecast}; baseline {bar.baseline}; {bar.status}</title>"
            f'<text x="22" y="{index * 22}">{escape(bar.ref)} {escape(bar.title)}</text>'
            f'<rect x="{index % width}" y="{index * 22}" width="40" height="14" fill="#005eb8"/></a>'
            for index, bar in enumerate(bars)]
    rows += [f'<path d="M{index % width},{index * 22} H{index % width + 40}"><title>{arrow.from_ref} to '
             f"{arrow.to_ref} ({arrow.kind}, lag {arrow.lag_days})</title></path>"
             for index, arrow in enumerate(arrows)]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}">' + "".join(rows) + "</svg>")


def measure(runs=10):
    """A ``perf.bench.Measurement``: ``runs`` renders interleaved with as many floors, after one of each to warm up."""
    from perf.bench import Measurement
    from perf.endpoints import Endpoint
    from plan.roadmap import A3_LANDSCAPE_WIDTH, render_roadmap

    endpoint = Endpoint("roadmap", f"Roadmap SVG, {PROJECTS} projects and {ITEMS:,} plan items", "", "roadmap")
    result = Measurement(endpoint)
    bars, arrows = synthetic()
    today = date(2026, 12, 4)
    svg = render_roadmap(bars, arrows, today, width=A3_LANDSCAPE_WIDTH)
    size = len(floor(bars, arrows, A3_LANDSCAPE_WIDTH, 80_000))
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        render_roadmap(bars, arrows, today, width=A3_LANDSCAPE_WIDTH)
        result.times.append(time.perf_counter() - started)
        result.cpu_times.append(time.process_time() - cpu)
        started = time.perf_counter()
        floor(bars, arrows, A3_LANDSCAPE_WIDTH, 80_000)
        result.floor_times.append(time.perf_counter() - started)
    result.rows = len(bars)
    result.load = os.getloadavg()[0]
    result.note = (f"{len(bars):,} bars, {len(arrows):,} arrows, {len(svg) / 1e6:.1f} MB of SVG "
                   f"(floor {size / 1e6:.1f} MB)")
    return result


def main():
    load = os.getloadavg()[0]
    result = measure()
    print(f"{result.endpoint.label}: p50 {statistics.median(result.times) * 1000:.0f} ms "
          f"(min {min(result.times) * 1000:.0f}, max {max(result.times) * 1000:.0f}, CPU p50 {result.cpu_p50:.0f}); "
          f"floor p50 {result.floor_p50:.1f} ms; ratio {result.ratio:.1f}×; {result.note}; "
          f"load average {load:.2f} → {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
