"""Money profiles: UK financial years and quarters, partner splits, totals and reconciliation (DOMAIN.md s5; seed
004 Tables 3–9).

Pure functions over Decimals. A financial year runs April to March and is written ``2016/17``; its quarter 1 is
April to June. Where a source document disagrees with itself (seed 004's phase totals differ from the sum of their
years by rounding; its Table 5 and Tables 6–8 cost the same phases differently), every stated total is kept and the
difference from the detail is reported, never silently "fixed".

The rounding rule of a partner split: each share is a percentage given to two decimal places (rounded from the
exact share), so each may be up to half a hundredth out and the shares of one split (a phase's, or the whole
case's) may add up to 100 give or take 0.005 per share: four shares to anything from 99.98 to 100.02. Outside
that, the split is refused. What is left over (100 less the sum) is shown beside the split.
"""

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import Funding, MoneyKind

FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
PENNY = Decimal("0.01")
SHARE_ROUNDING = Decimal("0.005")  # each share is given to 2 dp, so may be this far from the exact share
QUARTER_ERROR = "A quarter of a financial year is 1 (April to June), 2, 3 or 4 (January to March)."
QUARTER_WITHOUT_YEAR = "Give the financial year the quarter is in: a quarter needs its year."


class MoneyError(ValueError):
    """Bad money input; the message is fit to show to the user."""


def parse_financial_year(text):
    """``"2016/17"`` → ``"2016/17"``; refuses ``16/17``, ``2016/18``, ``2016-17`` and ``1999/00`` mistakes."""
    match = FINANCIAL_YEAR.match(str(text or "").strip())
    if not match:
        raise MoneyError(f"Write the financial year as YYYY/YY, for example 2016/17 (not {text!r}).")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise MoneyError(
            f"{text} is not a financial year: the second year must follow the first, as in "
            f"{start}/{(start + 1) % 100:02d}."
        )
    if not 1990 <= start <= 2099:
        raise MoneyError(f"{text} is outside the years the portal profiles (1990/91 to 2099/00).")
    return f"{start}/{end:02d}"


def financial_year_of(day):
    """The UK financial year (April–March) containing ``day``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_start(year):
    return datetime.date(int(parse_financial_year(year)[:4]), 4, 1)


def period_label(financial_year, quarter=None):
    """``"2016/17 Q2"``, ``"2016/17"`` or ``""`` (a phase's amount, not dated)."""
    if not financial_year:
        return ""
    return f"{financial_year} Q{quarter}" if quarter else financial_year


def split_tolerance(count):
    """How far from 100 the ``count`` shares of one split may add up to (the rounding rule, above)."""
    return SHARE_ROUNDING * count


def check_split(percents, what="The partners' percentages"):
    """Partner percentages must add up to 100 within the rounding rule (an empty split is allowed: not yet
    agreed)."""
    percents = [Decimal(p) for p in percents]
    if not percents:
        return
    if any(p < 0 or p > HUNDRED for p in percents):
        raise MoneyError("Each partner's percentage must be between 0 and 100.")
    total = sum(percents, Decimal("0"))
    allowed = split_tolerance(len(percents))
    if abs(total - HUNDRED) > allowed:
        raise MoneyError(
            f"{what} add up to {total.normalize():f}, not 100: each is given to two decimal places, so "
            f"{len(percents)} shares may add up to 100 give or take {allowed.normalize():f} (0.005 a share), "
            "no more.")


def check_splits(shares, numbers=None):
    """Each phase's split (and the whole case's, phase blank) checked on its own; the error names the phase and
    the rows (``numbers``, else numbered from 1 in the order given). ``shares`` have ``phase`` and ``percent``
    (dicts or objects)."""
    groups = OrderedDict()
    shares = list(shares)
    for row, share in zip(numbers or range(1, len(shares) + 1), shares, strict=True):
        phase, percent = _get(share, "phase"), _get(share, "percent")
        groups.setdefault(phase or None, []).append((row, percent))
    for phase, members in groups.items():
        rows = ", ".join(str(row) for row, _ in members)
        check_split([percent for _, percent in members], what=f"The shares of {phase_label(phase)} (rows {rows})")
    return groups


def _get(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


@dataclass(frozen=True)
class Check:
    """A stated total compared with the sum of the detail it should equal."""

    label: str
    stated: Decimal
    computed: Decimal
    source: str = ""

    @property
    def difference(self):
        return self.computed - self.stated

    @property
    def agrees(self):
        return self.difference == 0

    def as_dict(self):
        return {"label": self.label, "source": self.source, "stated": f"{self.stated:.2f}",
                "computed": f"{self.computed:.2f}", "difference": f"{self.difference:.2f}", "agrees": self.agrees}


def _sum(amounts):
    return sum(amounts, ZERO)


def phase_label(phase):
    return f"phase {phase}" if phase else "the whole case"


def _source(stated):
    page = getattr(stated, "page", "")
    return ", ".join(part for part in (getattr(stated, "source", ""), f"p. {page}" if page else "") if part)


def share_rows(shares, costs):
    """Each share with the amount the portal computes (its percentage of its phase's cost lines, or of all the
    cost lines for a whole-case share, to the penny, half up), the amount the source states and the difference."""
    cost_of = {}
    for line in costs:
        cost_of[line.phase] = cost_of.get(line.phase, ZERO) + line.amount
    total = _sum(cost_of.values())
    rows = []
    for share in shares:
        phase = getattr(share, "phase", None)
        base = cost_of.get(phase, ZERO) if phase else total
        computed = (base * Decimal(share.percent) / HUNDRED).quantize(PENNY, rounding=ROUND_HALF_UP)
        stated = share.amount
        rows.append({"share": share, "phase": phase, "percent": Decimal(share.percent), "base": base,
                     "computed": computed, "stated": stated,
                     "difference": None if stated is None else computed - stated})
    return rows


def split_groups(rows):
    """Per split (a phase's, or the whole case's): the shares' sum, what is left of 100 and the amounts."""
    groups = OrderedDict()
    for row in rows:
        group = groups.setdefault(row["phase"], {"phase": row["phase"], "count": 0, "percent": ZERO,
                                                 "base": row["base"], "computed": ZERO, "stated": None})
        group["count"] += 1
        group["percent"] += row["percent"]
        group["computed"] += row["computed"]
        if row["stated"] is not None:
            group["stated"] = (group["stated"] or ZERO) + row["stated"]
    for group in groups.values():
        group["residue"] = HUNDRED - group["percent"]
        group["tolerance"] = split_tolerance(group["count"])
    return list(groups.values())


def summarise(value, lines, shares=(), stated_totals=()):
    """Totals of a case's money profile and the checks of stated totals against the detail.

    ``lines`` have ``financial_year``, ``phase``, ``kind``, ``funding`` and ``amount`` (and may have ``quarter``);
    ``shares`` have ``percent`` and ``amount`` (and may have ``phase``); ``stated_totals`` have ``kind``,
    ``phase`` and ``amount`` (and may have ``source`` and ``page``). ``split_percent``, ``split_amount`` and the
    check against the case's value are of the whole-case split (shares without a phase); each split, per phase
    too, is in ``splits``.
    """
    lines, shares, stated_totals = list(lines), list(shares), list(stated_totals)
    costs = [line for line in lines if line.kind == MoneyKind.COST]
    savings = [line for line in lines if line.kind == MoneyKind.SAVING]
    years = sorted({line.financial_year for line in lines if line.financial_year})
    phases = sorted({line.phase for line in lines if line.phase})
    by_year = OrderedDict(
        (year, {"cost": _sum(line.amount for line in costs if line.financial_year == year),
                "saving": _sum(line.amount for line in savings if line.financial_year == year)})
        for year in years
    )
    quarters = sorted({(line.financial_year, line.quarter) for line in lines if getattr(line, "quarter", None)})
    by_quarter = OrderedDict(
        (period_label(*key), {
            "cost": _sum(line.amount for line in costs if (line.financial_year, getattr(line, "quarter", None)) == key),
            "saving": _sum(line.amount for line in savings
                           if (line.financial_year, getattr(line, "quarter", None)) == key)})
        for key in quarters
    )
    unprofiled = {"cost": _sum(line.amount for line in costs if not line.financial_year),
                  "saving": _sum(line.amount for line in savings if not line.financial_year)}
    by_phase = OrderedDict(
        (phase, {"cost": _sum(line.amount for line in costs if line.phase == phase),
                 "saving": _sum(line.amount for line in savings if line.phase == phase)})
        for phase in phases
    )
    totals = {"cost": _sum(line.amount for line in costs), "saving": _sum(line.amount for line in savings)}
    for funding in Funding:
        totals[f"{funding.value}_cost"] = _sum(line.amount for line in costs if line.funding == funding)
        totals[f"{funding.value}_saving"] = _sum(line.amount for line in savings if line.funding == funding)
    totals["net"] = totals["saving"] - totals["cost"]
    checks = []
    if costs and value is not None:
        checks.append(Check("Costs in the profile against the value of the case", Decimal(value), totals["cost"]))
    for stated in sorted(stated_totals, key=lambda s: (s.kind, s.phase or 0)):
        detail = costs if stated.kind == MoneyKind.COST else savings
        if stated.phase:
            detail = [line for line in detail if line.phase == stated.phase]
        kind = MoneyKind(stated.kind).label.lower()
        checks.append(Check(f"Stated {kind}s for {phase_label(stated.phase)} against the {kind} lines",
                            stated.amount, _sum(line.amount for line in detail), _source(stated)))
    whole = [share for share in shares if not getattr(share, "phase", None)]
    share_amounts = [share.amount for share in whole if share.amount is not None]
    if share_amounts and value is not None:
        checks.append(Check("Partners' shares of the cost against the value of the case", Decimal(value),
                            _sum(share_amounts)))
    rows = share_rows(shares, costs)
    return {
        "totals": totals,
        "by_year": by_year,
        "by_quarter": by_quarter,
        "unprofiled": unprofiled,
        "by_phase": by_phase,
        "split_percent": _sum(Decimal(share.percent) for share in whole) if whole else None,
        "split_amount": _sum(share_amounts) if share_amounts else None,
        "shares": rows,
        "splits": split_groups(rows),
        "checks": checks,
        "discrepancies": [check for check in checks if not check.agrees],
    }


def as_json(summary):
    """``summarise``'s result with Decimals as two-place strings, for the API and version snapshots."""
    def money(amount):
        return None if amount is None else f"{amount:.2f}"

    return {
        "totals": {name: money(amount) for name, amount in summary["totals"].items()},
        "by_year": [{"financial_year": year, "cost": money(v["cost"]), "saving": money(v["saving"])}
                    for year, v in summary["by_year"].items()],
        "by_quarter": [{"period": period, "cost": money(v["cost"]), "saving": money(v["saving"])}
                       for period, v in summary.get("by_quarter", {}).items()],
        "unprofiled": {name: money(amount) for name, amount in summary["unprofiled"].items()},
        "by_phase": [{"phase": phase, "cost": money(v["cost"]), "saving": money(v["saving"])}
                     for phase, v in summary["by_phase"].items()],
        "split_percent": money(summary["split_percent"]),
        "split_amount": money(summary["split_amount"]),
        "splits": [{"phase": g["phase"], "percent": money(g["percent"]), "residue": money(g["residue"]),
                    "cost": money(g["base"]), "computed": money(g["computed"]), "stated": money(g["stated"])}
                   for g in summary.get("splits", [])],
        "shares": [{"phase": r["phase"], "organisation": getattr(r["share"], "organisation_id", None),
                    "percent": money(r["percent"]), "computed": money(r["computed"]), "stated": money(r["stated"]),
                    "difference": money(r["difference"])} for r in summary.get("shares", [])],
        "checks": [check.as_dict() for check in summary["checks"]],
        "discrepancies": [check.as_dict() for check in summary["discrepancies"]],
    }
