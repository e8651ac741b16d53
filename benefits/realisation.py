"""Benefits realisation as pure functions of plain data (DOMAIN.md s6, PID s4.3): periods, actual against
plan, the realisation RAG, the latest position and its trend, and the double-counting rules.

Nothing here touches the database, so the register, the API, the charts and a board pack all get the same
answer from the same numbers, and every boundary is tested without fixtures.

Every benefit is measured as an amount *realised* (savings in pounds, beds taken out, patients reporting a
positive experience): more is better. A benefit that is a reduction is recorded as the size of the
reduction, not as the level left over.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from benefits.choices import PeriodKind, RealisationRag, Trend

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIRST_MONTH_OF_QUARTER = (1, 4, 7, 10)  # financial quarters: Q1 Apr, Q2 Jul, Q3 Oct, Q4 Jan


# Periods ---------------------------------------------------------------------------------------------
def financial_year_of(day):
    """The calendar year in which ``day``'s financial year (April to March) starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year):
    """``2016`` -> ``"2016/17"`` (the UK way of writing a financial year, DOMAIN.md s5)."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def period_start(day, kind):
    """The first day of the period of ``kind`` that contains ``day``."""
    if kind == PeriodKind.MONTH:
        return day.replace(day=1)
    if kind == PeriodKind.QUARTER:
        return datetime.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
    if kind == PeriodKind.FINANCIAL_YEAR:
        return datetime.date(financial_year_of(day), 4, 1)
    raise ValueError(f"Unknown period kind {kind!r}.")


def period_error(period, kind):
    """Why ``period`` is not the first day of a period of ``kind``, or None when it is."""
    if period == period_start(period, kind):
        return None
    suggestion = period_start(period, kind).isoformat()
    if kind == PeriodKind.MONTH:
        return f"A monthly period starts on the 1st of the month (did you mean {suggestion}?)."
    if kind == PeriodKind.QUARTER:
        return ("A quarter starts on 1 April, 1 July, 1 October or 1 January "
                f"(did you mean {suggestion}?).")
    return f"A financial year starts on 1 April (did you mean {suggestion}?)."


def next_period(period, kind):
    if kind == PeriodKind.FINANCIAL_YEAR:
        return period.replace(year=period.year + 1)
    step = 1 if kind == PeriodKind.MONTH else 3
    month = period.month - 1 + step
    return datetime.date(period.year + month // 12, month % 12 + 1, 1)


def period_end(period, kind):
    """The last day of the period that starts on ``period``."""
    return next_period(period, kind) - datetime.timedelta(days=1)


def periods_between(first, last, kind):
    """Every period start from ``first`` to ``last`` inclusive (both period starts)."""
    periods, current = [], first
    while current <= last:
        periods.append(current)
        current = next_period(current, kind)
    return periods


def period_label(period, kind):
    """``Apr 2017``, ``Q1 2017/18`` or ``2017/18``."""
    if kind == PeriodKind.MONTH:
        return f"{MONTHS[period.month - 1]} {period.year}"
    year = financial_year_label(financial_year_of(period))
    if kind == PeriodKind.QUARTER:
        quarter = {4: 1, 7: 2, 10: 3, 1: 4}[period.month]
        return f"Q{quarter} {year}"
    return year


_FY = re.compile(r"^(?:fy\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(?:q([1-4])\s+(.+)|(.+?)\s+q([1-4]))$", re.IGNORECASE)
_MONTH = re.compile(r"^([a-z]{3})[a-z]*\s+(\d{4})$", re.IGNORECASE)


def _parse_financial_year(text):
    match = _FY.match(text.strip())
    if not match:
        return None
    first, second = match.groups()
    year = int(first) + (2000 if len(first) == 2 else 0)
    if (year + 1) % 100 != int(second):
        return None
    return year


def parse_period(value, kind):
    """The period start written as an ISO date, a ``datetime``, or a label (``2017/18``, ``Q1 2017/18``,
    ``Apr 2017``). Raises ValueError with a readable message; alignment is checked by ``period_error``."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValueError("A period is required.")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    if kind == PeriodKind.FINANCIAL_YEAR:
        year = _parse_financial_year(text)
        if year is not None:
            return datetime.date(year, 4, 1)
    if kind == PeriodKind.QUARTER:
        match = _QUARTER.match(text)
        if match:
            quarter = int(match.group(1) or match.group(4))
            year = _parse_financial_year(match.group(2) or match.group(3))
            if year is not None:
                month = FIRST_MONTH_OF_QUARTER[quarter % 4]
                return datetime.date(year + (1 if quarter == 4 else 0), month, 1)
    if kind == PeriodKind.MONTH:
        match = _MONTH.match(text)
        if match and match.group(1).title() in MONTHS:
            return datetime.date(int(match.group(2)), MONTHS.index(match.group(1).title()) + 1, 1)
    examples = {PeriodKind.MONTH: "2017-04-01 or Apr 2017", PeriodKind.QUARTER: "2017-04-01 or Q1 2017/18",
                PeriodKind.FINANCIAL_YEAR: "2017-04-01 or 2017/18"}
    raise ValueError(f"'{text}' is not a period (write {examples.get(kind, 'an ISO date')}).")


# Actual against plan ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Thresholds:
    """The realisation RAG bands, in percent of plan (the PMO's per-tenant setting)."""

    green_from: Decimal = Decimal(95)
    amber_from: Decimal = Decimal(80)


DEFAULT_THRESHOLDS = Thresholds()


def realisation_percent(actual, planned):
    """Actual as a percentage of plan, rounded *down* to 2 places (so 94.999% shows as 94.99%, Amber, never
    as a misleading 95.00%); None when there is no actual or nothing positive was planned."""
    if actual is None or planned is None or planned <= 0:
        return None
    return (Decimal(actual) * HUNDRED / Decimal(planned)).quantize(CENT, rounding=ROUND_FLOOR)


def rag(actual, planned, thresholds=DEFAULT_THRESHOLDS):
    """Green at or above ``green_from`` percent of plan, Amber at or above ``amber_from``, else Red.
    Compared exactly (actual × 100 against threshold × plan), with no rounding at the boundary."""
    if actual is None or planned is None or planned <= 0:
        return RealisationRag.NOT_MEASURED
    scaled = Decimal(actual) * HUNDRED
    if scaled >= thresholds.green_from * Decimal(planned):
        return RealisationRag.GREEN
    if scaled >= thresholds.amber_from * Decimal(planned):
        return RealisationRag.AMBER
    return RealisationRag.RED


TREND_TOLERANCE = Decimal(1)  # percentage points either way that still count as steady


def trend(previous_percent, latest_percent, tolerance=TREND_TOLERANCE):
    """Improving, worsening or steady: the latest period's realisation against the one before it."""
    if previous_percent is None or latest_percent is None:
        return None
    change = latest_percent - previous_percent
    if change > tolerance:
        return Trend.IMPROVING
    if change < -tolerance:
        return Trend.WORSENING
    return Trend.STEADY


@dataclass(frozen=True)
class Point:
    """One period of a benefit's profile: what was planned, what happened, what is now expected."""

    period: datetime.date
    planned: Decimal | None = None
    actual: Decimal | None = None
    forecast: Decimal | None = None

    @property
    def measured(self):
        return self.actual is not None and self.planned is not None


@dataclass(frozen=True)
class Position:
    planned_total: Decimal | None
    planned_to_date: Decimal | None
    actual_to_date: Decimal | None
    percent: Decimal | None
    rag: str
    trend: str | None
    latest: Point | None
    latest_percent: Decimal | None
    forecast_outturn: Decimal | None


def position(points, thresholds=DEFAULT_THRESHOLDS):
    """Where a benefit stands. "To date" means the periods that have both a plan and an actual, so a
    period not yet reported never counts as a shortfall; the RAG compares the cumulative actual with the
    cumulative plan over those periods; the trend compares the last two measured periods; the forecast
    outturn takes each period's actual, else its forecast, else its plan."""
    points = sorted(points, key=lambda p: p.period)
    planned = [p.planned for p in points if p.planned is not None]
    measured = [p for p in points if p.measured]
    planned_to_date = sum((p.planned for p in measured), Decimal(0)) if measured else None
    actual_to_date = sum((p.actual for p in measured), Decimal(0)) if measured else None
    rated = [p for p in measured if p.planned > 0]
    latest = measured[-1] if measured else None
    previous_percent = realisation_percent(rated[-2].actual, rated[-2].planned) if len(rated) > 1 else None
    latest_percent = realisation_percent(rated[-1].actual, rated[-1].planned) if rated else None
    outturn_values = [next((v for v in (p.actual, p.forecast, p.planned) if v is not None), None) for p in points]
    outturn_values = [v for v in outturn_values if v is not None]
    return Position(
        planned_total=sum(planned, Decimal(0)) if planned else None,
        planned_to_date=planned_to_date,
        actual_to_date=actual_to_date,
        percent=realisation_percent(actual_to_date, planned_to_date),
        rag=rag(actual_to_date, planned_to_date, thresholds),
        trend=trend(previous_percent, latest_percent),
        latest=latest,
        latest_percent=realisation_percent(latest.actual, latest.planned) if latest else None,
        forecast_outturn=sum(outturn_values, Decimal(0)) if outturn_values else None,
    )


# Attribution -------------------------------------------------------------------------------------------
def attribution_error(percents):
    """Why a benefit's attribution to partner organisations is wrong, or None (``apportion.attribution_error``:
    the shares add up to 100 within the rounding rule of business cases' partner splits)."""
    from benefits.apportion import attribution_error as error

    return error(percents)


# The profile against its target, and by financial year -----------------------------------------------------
def target_difference(target, planned_total):
    """How far the profile's total (the sum of the planned values) is from the stated target (profile less
    target), or None when either is missing or they agree. The source may state both, and the portal shows both:
    a difference is flagged, never an error."""
    if target is None or planned_total is None or Decimal(target) == Decimal(planned_total):
        return None
    return Decimal(planned_total) - Decimal(target)


PERIODS_IN_A_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.FINANCIAL_YEAR: 1}


@dataclass(frozen=True)
class YearTotal:
    """One financial year (April to March) of a profile: the sums of its periods' planned, actual and forecast
    values (None where none of its periods has one), and whether the profile covers only some of its periods."""

    year: str
    planned: Decimal | None
    actual: Decimal | None
    forecast: Decimal | None
    periods: int
    of: int

    @property
    def partial(self):
        return self.periods < self.of


def _total(values):
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def financial_year_totals(points, kind, first=None, last=None):
    """The profile summed by financial year, earliest first. A year is partial when the profile covers fewer than
    all its periods (12 months, 4 quarters): the periods from ``first`` to ``last`` when both are given, together
    with those recorded."""
    points = list(points)
    covered = {p.period for p in points}
    if first and last:
        covered |= set(periods_between(first, last, kind))
    by_year = defaultdict(list)
    for point in points:
        by_year[financial_year_of(point.period)].append(point)
    count = defaultdict(int)
    for period in covered:
        count[financial_year_of(period)] += 1
    return [YearTotal(financial_year_label(year), _total(p.planned for p in by_year[year]),
                      _total(p.actual for p in by_year[year]), _total(p.forecast for p in by_year[year]),
                      count[year], PERIODS_IN_A_YEAR.get(kind, 1))
            for year in sorted(count)]


# Double counting ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    """What one benefit claims: its planned amount, its attribution, the cases claiming it and what identifies the
    savings (type, unit of measure, profile period, title) for the duplicate rule."""

    benefit_id: int
    amount: Decimal
    percents: dict = field(default_factory=dict)  # organisation id -> percent
    case_ids: tuple = ()
    kind: str = ""
    unit: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    title: str = ""


@dataclass(frozen=True)
class OverClaim:
    organisation_id: int
    claimed: Decimal
    delivered: Decimal
    benefit_ids: tuple


SAME_AMOUNT = Decimal("0.01")  # amounts within 1% of the larger (or the tolerance in pounds) are the same


def _plain(title):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split())


def title_key(title):
    """A title as compared: its words, lower-cased, without punctuation, in any order ("Phase 2: savings" and
    "savings, phase 2" are the same title)."""
    return " ".join(sorted(_plain(title).split()))


def _overlap(a, b):
    if None in (a.start, b.start) or None in (a.end, b.end):
        return True  # a claim without a profile period cannot be told apart by period
    return a.start <= b.end and b.start <= a.end


def _same_amount(a, b, tolerance):
    larger = max(abs(Decimal(a.amount)), abs(Decimal(b.amount)))
    return abs(Decimal(a.amount) - Decimal(b.amount)) <= max(Decimal(tolerance), larger * SAME_AMOUNT)


def same_savings(a, b, tolerance=Decimal(0)):
    """Whether claims ``a`` and ``b``, made by different business cases, claim the same savings: the same type and
    unit of measure, overlapping periods, an organisation in common (or neither attributed), and amounts within
    ``tolerance`` pounds or 1% of the larger, or the same title (``title_key``)."""
    if not a.case_ids or not b.case_ids or set(a.case_ids) & set(b.case_ids):
        return False
    if a.kind != b.kind or _plain(a.unit) != _plain(b.unit) or not _overlap(a, b):
        return False
    if (a.percents or b.percents) and not {o for o, p in a.percents.items() if p > 0} & {
            o for o, p in b.percents.items() if p > 0}:
        return False
    return _same_amount(a, b, tolerance) or title_key(a.title) == title_key(b.title)


def duplicates(claims, tolerance=Decimal(0)):
    """{benefit id: the other benefit ids claiming the same savings} (``same_savings``), both ways round. Not every
    pair is compared: within one type, unit and organisation (or no attribution), only the claims of the same title
    and, in order of amount, those whose amounts are close enough (a sweep), so a partnership's thousands of
    benefits cost about as many comparisons as there are candidates."""
    buckets = defaultdict(list)
    for claim in claims:
        if not claim.case_ids:
            continue
        organisations = {o for o, p in claim.percents.items() if p > 0} or {None}
        for organisation in organisations:
            buckets[(claim.kind, _plain(claim.unit), organisation)].append(claim)
    found = defaultdict(set)

    def consider(a, b):
        if b.benefit_id not in found[a.benefit_id] and same_savings(a, b, tolerance):
            found[a.benefit_id].add(b.benefit_id)
            found[b.benefit_id].add(a.benefit_id)

    for bucket in buckets.values():
        by_title = defaultdict(list)
        for claim in bucket:
            by_title[title_key(claim.title)].append(claim)
        for same_title in by_title.values():
            for index, a in enumerate(same_title):
                for b in same_title[index + 1:]:
                    consider(a, b)
        ordered = sorted(bucket, key=lambda claim: Decimal(claim.amount))
        for index, a in enumerate(ordered):
            for b in ordered[index + 1:]:
                if not _same_amount(a, b, tolerance):
                    break  # sorted: every later amount is further away
                consider(a, b)
    return {pk: tuple(sorted(others)) for pk, others in found.items() if others}


def _duplicate_case_groups(claims, twins):
    """{case id: its group}: cases whose benefits claim the same savings are one group (union-find)."""
    parent = {}

    def root(case):
        parent.setdefault(case, case)
        while parent[case] != case:
            parent[case] = parent[parent[case]]
            case = parent[case]
        return case

    cases_of = {claim.benefit_id: claim.case_ids for claim in claims}
    for pk, others in twins.items():
        for other in others:
            for case in cases_of[pk]:
                for twin_case in cases_of[other]:
                    parent[root(case)] = root(twin_case)
    return {case: root(case) for case in parent}


def double_counting(claims, case_savings, tolerance=Decimal(0)):
    """Seed 004 s7.7.1 asks the programme to track and reconcile benefits across business cases so that
    there is "reduced risk of multiple business cases claiming the same benefits". Three rules flag it:

    1. **Claimed by several cases**: a benefit linked to more than one business case is counted in each
       of them.
    2. **The same savings claimed twice** (``same_savings``): two benefits of different cases with the same type
       and measure, overlapping periods, an organisation in common, and amounts within the tolerance (or 1%) or
       the same title; whichever was entered first, both are flagged.
    3. **Over-attribution to an organisation**: for each partner organisation O, *claimed(O)* is the sum,
       over the cashable benefits linked to at least one business case that splits its savings by
       organisation, of the benefit's planned amount (its whole profile) × O's attribution percentage;
       *delivered(O)* is the sum of O's savings in the distinct business cases the benefits are linked to (only
       the cases that split their savings), where cases whose benefits claim the same savings (rule 2) count
       once, at the largest of their savings for O: a duplicate never delivers more. If claimed(O) exceeds
       delivered(O) by more than ``tolerance`` (the source's own tables differ by a few pounds of rounding),
       every benefit that attributes a share to O is flagged.

    Adding a claim never clears a flag it does not resolve: on cases already linked, claimed(O) only grows and
    delivered(O) stays; a duplicate's case adds nothing to delivered(O); only a claim bringing a new case that
    delivers more can clear an over-claim (property tests, ``tests/benefits/test_double_counting_properties.py``).

    ``claims`` is a list of ``Claim``; ``case_savings`` maps a case id to ``{organisation id: savings}``
    (an empty or missing entry means the case does not split its savings). Returns
    ``(several_cases: {benefit id: case ids}, same_savings: {benefit id: benefit ids}, over_claims: [OverClaim])``.
    """
    several = {c.benefit_id: tuple(sorted(c.case_ids)) for c in claims if len(set(c.case_ids)) > 1}
    twins = duplicates(claims, tolerance)
    group_of = _duplicate_case_groups(claims, twins)
    # Delivered: the savings of every case the benefits are linked to that splits its savings, each group of cases
    # claiming the same savings counted once at its largest.
    linked = {case for claim in claims for case in claim.case_ids if case_savings.get(case)}
    delivered = defaultdict(dict)
    for case in linked:
        group = group_of.get(case, case)
        for organisation, saving in case_savings[case].items():
            saving = Decimal(saving)
            delivered[organisation][group] = max(delivered[organisation].get(group, saving), saving)
    claimed, contributors = defaultdict(Decimal), defaultdict(list)
    for claim in claims:
        if not any(case in linked for case in claim.case_ids):
            continue
        for organisation, percent in claim.percents.items():
            if percent <= 0:
                continue
            claimed[organisation] += Decimal(claim.amount) * Decimal(percent) / HUNDRED
            contributors[organisation].append(claim.benefit_id)
    over = []
    for organisation, amount in claimed.items():
        total = sum(delivered[organisation].values(), Decimal(0))
        if amount - total > tolerance:
            over.append(OverClaim(organisation, amount.quantize(CENT), total.quantize(CENT),
                                  tuple(sorted(contributors[organisation]))))
    return several, twins, sorted(over, key=lambda o: o.organisation_id)
