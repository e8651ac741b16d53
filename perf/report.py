"""The benchmark's report: a line per endpoint while it runs, and docs/performance.md at the end (the measured
tables, then ``perf/notes.md``: what was changed for speed and why the remaining gaps are what they are)."""

import datetime
from pathlib import Path

from perf.endpoints import DETAIL, EXPORT, FLOOR_RATIO, LAST_PAGE_RATIO, LIST, PAGE, TARGET_MS

NOTES = Path(__file__).resolve().parent / "notes.md"
EXPORT_TARGET_S = 10
EXPORT_CPU_TARGET_S = 15  # issue 20: any size, in under 15 s of CPU


def ms(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def queries(result):
    if result.queries is None:
        return "–"
    if result.queries_small is None:
        return str(result.queries)
    same = "=" if result.queries == result.queries_small else "≠"
    return f"{result.queries} {same} {result.queries_small}"


def verdict(result):
    """'yes', or 'no' with the target missed."""
    kind = result.endpoint.kind
    if kind == EXPORT:
        if result.p50 is None or result.p50 >= EXPORT_TARGET_S * 1000:
            return f"no (over {EXPORT_TARGET_S} s)"
        if result.cpu_p50 is not None and result.cpu_p50 >= EXPORT_CPU_TARGET_S * 1000:
            return f"no (CPU over {EXPORT_CPU_TARGET_S} s)"
        return "yes"
    if kind not in TARGET_MS or result.p95 is None:
        return "–"
    missed = []
    target = result.endpoint.target_ms or TARGET_MS[kind]
    if result.p95 >= target:
        missed.append(f"p95 ≥ {target} ms")
    ratio_target = result.endpoint.ratio_target or (FLOOR_RATIO if kind == LIST else None)
    if ratio_target and result.ratio is not None and result.ratio > ratio_target:
        missed.append(f"> {ratio_target:g}× floor")
    if result.queries_small is not None and result.queries != result.queries_small:
        missed.append("queries grow with rows")
    return "yes" if not missed else "no (" + ", ".join(missed) + ")"


def line(result):
    endpoint = result.endpoint
    return (f"{endpoint.label:<44} rows {result.rows if result.rows is not None else '–':>4}  "
            f"p50 {ms(result.p50):>8}  p95 {ms(result.p95):>8}  cpu {ms(result.cpu_p50):>7}  q {queries(result):>8}  "
            f"floor {ms(result.floor_p50, 2):>7}  ratio {ms(result.ratio):>5}  load {ms(result.load, 2):>5}  "
            f"{verdict(result)} {result.note}")


def row(result):
    endpoint = result.endpoint
    ratio = "–" if result.ratio is None else f"{result.ratio:.1f}×"
    return (f"| {endpoint.label} | `{endpoint.url.split('?')[0]}` | {result.rows if result.rows is not None else '–'} "
            f"| {ms(result.p50)} | {ms(result.p95)} | {ms(result.cpu_p50)} | {queries(result)} "
            f"| {ms(result.floor_p50, 2)} | {ratio} | {ms(result.load, 2)} "
            f"| {verdict(result)} |")


HEADER = ("| endpoint | path | rows | p50 ms | p95 ms | CPU p50 ms | queries (100 = 10 rows) | floor p50 ms | ratio "
          "| load | target met? |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")


def table(results):
    return "\n".join([HEADER, *(row(result) for result in results)])


def summary(results, export):
    lines = []
    for kind, name in ((LIST, "lists"), (DETAIL, "detail endpoints"), (PAGE, "pages")):
        group = [r for r in results if r.endpoint.kind == kind]
        met = [r for r in group if verdict(r) == "yes"]
        lines.append(f"- **{name}**: {len(met)} of {len(group)} meet their targets"
                     + ("" if len(met) == len(group) else
                        " (not: " + "; ".join(f"{r.endpoint.label}: {verdict(r)[4:-1]}"
                                               for r in group if r not in met) + ")") + ".")
    paged = [r for r in results if r.queries_small is not None]
    same = [r for r in paged if r.queries == r.queries_small]
    lines.append(f"- **queries per request independent of page size**: {len(same)} of {len(paged)} paged endpoints.")
    by_key = {r.endpoint.key: r for r in results}
    for last in (r for r in results if r.endpoint.walk):
        first = by_key.get(last.endpoint.walk)
        if not (first and first.p50 and last.p50):
            continue
        ratio = last.p50 / first.p50
        met = "yes" if ratio <= LAST_PAGE_RATIO else f"no (over {LAST_PAGE_RATIO:g}×)"
        cpu = (f"; CPU p50 {ms(last.cpu_p50)} against {ms(first.cpu_p50)} ms, "
               f"{last.cpu_p50 / first.cpu_p50:.2f}×" if first.cpu_p50 and last.cpu_p50 else "")
        lines.append(f"- **{last.endpoint.label} against the first**: {ratio:.2f}× "
                     f"({ms(last.p50)} ms against {ms(first.p50)} ms p50{cpu}; "
                     f"target within {LAST_PAGE_RATIO:g}×: {met}).")
    lines.append(f"- **.xlsx export**: {ms(export.p50 / 1000 if export.p50 else None, 2)} s median "
                 f"({verdict(export)}; target under {EXPORT_TARGET_S} s).")
    return "\n".join(lines)


def dataset(facts):
    large, totals = facts.get("large", {}), facts.get("totals", {})
    if not large:
        return "(row counts unavailable: the data was generated by an earlier version of the benchmark)"
    keys = ["workstreams", "projects", "users", "risks", "risk history", "mitigation actions", "issues", "benefits",
            "measurements", "business cases", "briefs", "change requests", "change history"]
    lines = ["| rows | large tenant | all tenants |", "|---|---:|---:|"]
    lines += [f"| {key} | {large.get(key, 0):,} | {totals.get(key, 0):,} |" for key in keys if key in large]
    return "\n".join(lines)


def seconds_text(result):
    def s(value, digits=2):
        return ms(value / 1000 if value else None, digits)

    return (f"{s(result.p50)} s (p95 {s(result.p95)} s, CPU {s(result.cpu_p50)} s; "
            f"floor {s(result.floor_p50, 3)} s)")


def roadmap_row(result):
    """The programme roadmap's SVG (``perf.roadmap``) in the table of other measurements."""
    if result is None or not result.times:
        return "| Roadmap SVG | not measured | |"
    return (f"| {result.endpoint.label} | {seconds_text(result)}; {result.ratio:.1f}× its floor "
            f"| `plan.roadmap.render_roadmap` at A3 width, the input built in memory (`perf/roadmap.py`; the floor: "
            f"the same elements joined, no layout); {result.note}; load {ms(result.load, 2)} |")


def markdown(results, export, pack, config, facts, machine, versions, load, seconds, roadmap=None, role=None):
    generated = facts.get("seconds")
    pack_line = (f"{ms(pack.p50 / 1000 if pack.p50 else None, 2)} s median of {len(pack.times)} renders, CPU "
                 f"{ms(pack.cpu_p50 / 1000 if pack.cpu_p50 else None, 2)} s ({pack.note})" if pack.times else pack.note)
    notes = NOTES.read_text() if NOTES.exists() else ""
    sharing = ("other work shared the machine: the absolute times are those of a busy 2-core box"
               if max(load[0][0], load[1][0]) > 2 else "the benchmark, its client and PostgreSQL alone on the machine")
    return f"""# Performance and scale (issue 8)

*Generated by `make bench` ({config.scale} scale) on {datetime.date.today():%d %B %Y}; do not edit the
tables by hand: run it again. The explanation after the tables is `perf/notes.md`.*

**Machine**: {machine}; {versions}. Load average {load[0][0]:.2f} when the run began and {load[1][0]:.2f} when
it ended ({sharing}).
**Database**: `{config.database}` on {config.server.split('@')[-1]} (PostgreSQL, the application's settings with
DEBUG off, connections kept), connected as {role or "the owner"}.
**Client**: Django's test client in-process, as the large tenant's PMO (API token, and a browser session);
{config.samples} timed requests per endpoint after three warm-up requests.
**Whole run**: {seconds / 60:.1f} minutes{f", of which generating the data {generated:.0f} s" if generated else ""}.

## The data

{facts.get('tenants', '?')} partnerships; the large tenant (`load-gm`, Greater Manchester) holds:

{dataset(facts)}

Ten years of history rows; benefits measured monthly over five years in the large tenant (quarterly in the
others). Generated by `manage.py generate_load_data` (`perf/generate/`) with `bulk_create`, every derived
column computed as `save()` would and checked by the named database constraints.

## Results

Targets: every list under {TARGET_MS[LIST]} ms at p95 and within {FLOOR_RATIO}× its floor; every page (and
detail) under {TARGET_MS[PAGE]} ms at p95 ("My work" under 150 ms); queries per request the same at 100 rows as
at 10 (25 for pages). Issue 20's own ratios: the risk list and the heat map API within 3× their floors, the register
page, the heat map page, the benefits dashboard and a benefit's page within 5×, and the risk list's last page
(reached by cursor) within {LAST_PAGE_RATIO:g}× its first. *load* is the one-minute load average when each row's
timed requests ended.
**The floor** is one hand-written SQL statement returning the same rows and columns (related names joined,
related rows aggregated as JSON, the total count as a subquery) plus `json.dumps` (`perf/floor.py`); *ratio*
is the endpoint's p50 over the floor's.

{table(results)}

| other | time | note |
|---|---:|---|
| {export.endpoint.label} | {seconds_text(export)} | {export.note}, {verdict(export)}; load {ms(export.load, 2)} |
| {pack.endpoint.label} | {pack_line} | through `meetings.packs.services.request_pack`; load {ms(pack.load, 2)} |
{roadmap_row(roadmap)}

### Summary

{summary(results, export)}

<!-- loadtest -->
### Load test

Not run (`BENCH_LOADTEST=0`); `make loadtest` fills this section.
<!-- /loadtest -->

{notes}"""
