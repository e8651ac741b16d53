"""Money profiles: UK financial years, totals and reconciliation (DOMAIN.md s5; seed 004 Tables 3–9).

Pure functions over Decimals. A financial year runs April to March and is written ``2016/17``. Where
a source document disagrees with itself (seed 004's phase totals differ from the sum of their years
by rounding), the stated total is kept and the difference is reported, never silently "fixed".
"""

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from .choices import Funding, MoneyKind

FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


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


def check_split(percents):
    """Partner percentages must add up to exactly 100 (an empty split is allowed: not yet agreed)."""
    percents = [Decimal(p) for p in percents]
    if not percents:
        return
    if any(p < 0 or p > HUNDRED for p in percents):
        raise MoneyError("Each partner's percentage must be between 0 and 100.")
    total = sum(percents, Decimal("0"))
    if total != HUNDRED:
        raise MoneyError(f"The partners' percentages add up to {total.normalize():f}, not 100.")


@dataclass(frozen=True)
class Check:
    """A stated total compared with the sum of the detail it should equal."""

    label: str
    stated: Decimal
    computed: Decimal

    @property
    def difference(self):
        return self.computed - self.stated

    @property
    def agrees(self):
        return self.difference == 0

    def as_dict(self):
        return {"label": self.label, "stated": f"{self.stated:.2f}", "computed": f"{self.computed:.2f}",
                "difference": f"{self.difference:.2f}", "agrees": self.agrees}


def _sum(amounts):
    return sum(amounts, ZERO)


def phase_label(phase):
    return f"phase {phase}" if phase else "the whole case"


def summarise(value, lines, shares=(), stated_totals=()):
    """Totals of a case's money profile and the checks of stated totals against the detail.

    ``lines`` have ``financial_year``, ``phase``, ``kind``, ``funding`` and ``amount``; ``shares`` have
    ``percent`` and ``amount``; ``stated_totals`` have ``kind``, ``phase`` and ``amount``.
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
    unprofiled = {"cost": _sum(line.amount for line in costs if not line.financial_year),
                  "saving": _sum(line.amount for line in savings if not line.financial_year)}
    by_phase = OrderedDict(
        (phase, {"cost": _sum(line.amount for line in costs if line.phase == phase),
                 "saving": _sum(line.amount for line in savings if line.phase == phase)})
        for phase in phases
    )
    totals = {
        "cost": _sum(line.amount for line in costs),
        "saving": _sum(line.amount for line in savings),
        "capital_cost": _sum(line.amount for line in costs if line.funding == Funding.CAPITAL),
        "revenue_cost": _sum(line.amount for line in costs if line.funding == Funding.REVENUE),
        "capital_saving": _sum(line.amount for line in savings if line.funding == Funding.CAPITAL),
        "revenue_saving": _sum(line.amount for line in savings if line.funding == Funding.REVENUE),
    }
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
                            stated.amount, _sum(line.amount for line in detail)))
    share_amounts = [share.amount for share in shares if share.amount is not None]
    if share_amounts and value is not None:
        checks.append(Check("Partners' shares of the cost against the value of the case", Decimal(value),
                            _sum(share_amounts)))
    return {
        "totals": totals,
        "by_year": by_year,
        "unprofiled": unprofiled,
        "by_phase": by_phase,
        "split_percent": _sum(Decimal(share.percent) for share in shares) if shares else None,
        "split_amount": _sum(share_amounts) if share_amounts else None,
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
        "unprofiled": {name: money(amount) for name, amount in summary["unprofiled"].items()},
        "by_phase": [{"phase": phase, "cost": money(v["cost"]), "saving": money(v["saving"])}
                     for phase, v in summary["by_phase"].items()],
        "split_percent": money(summary["split_percent"]),
        "split_amount": money(summary["split_amount"]),
        "checks": [check.as_dict() for check in summary["checks"]],
        "discrepancies": [check.as_dict() for check in summary["discrepancies"]],
    }
