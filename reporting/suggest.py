"""The suggested RAG of each dimension, from the registers' facts, on plain values (tested without a database).
The author chooses the report's RAG; where it differs from the suggestion (or is amber or red) the report needs
commentary (README "Progress reporting" states these rules).

- **Schedule** (the plan): red when an item is more than ``LATE_RED_DAYS`` past its forecast, or has slipped past
  its baseline by more than the plan's tolerance for its kind; amber when any item is late or has slipped past its
  baseline at all; else green.
- **Finance** (the business cases' money profiles): none when no case carries money; red when a case with cost
  profiled in the current financial year was rejected; amber when such a case is not yet approved; else green.
  The portal records no actual spend, so an overspend is the author's to report.
- **Benefits** (realisation against profile): the benefits register's realisation RAG of the financial benefits'
  actual to date against planned to date (the PMO's thresholds); none when nothing has been measured yet.
- **Risks** (the open register): red when an open risk's residual score is in the red band; amber when one is in
  the amber band or a risk was escalated since the last report; else green.
- **Resources**: no register records them, so no suggestion: the author's judgement.
- **Overall**: the worst of the five RAGs the author chose; for a workstream, also of its projects' latest
  signed-off reports (the roll-up); the author may override it with a reason.
"""

from dataclasses import dataclass

from reporting.choices import Rag

LATE_RED_DAYS = 28
ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN]


def worst(rags):
    ranked = [Rag(rag) for rag in rags if rag in Rag.values]
    return min(ranked, key=ORDER.index) if ranked else None


@dataclass(frozen=True)
class Slip:
    ref: str
    days_late: int = 0  # days past its forecast, not complete
    days_slipped: int = 0  # days past its baseline
    tolerance: int = 0


def schedule(slips, late_red_days=LATE_RED_DAYS):
    if any(slip.days_late > late_red_days or slip.days_slipped > slip.tolerance for slip in slips):
        return Rag.RED
    if any(slip.days_late > 0 or slip.days_slipped > 0 for slip in slips):
        return Rag.AMBER
    return Rag.GREEN


@dataclass(frozen=True)
class CaseMoney:
    ref: str
    status: str
    cost_this_year: object = 0


def finance(cases):
    if not cases:
        return None
    spending = [case for case in cases if case.cost_this_year]
    if any(case.status == "rejected" for case in spending):
        return Rag.RED
    if any(case.status not in ("approved", "withdrawn") for case in spending):
        return Rag.AMBER
    return Rag.GREEN


def finance_rag(rag):
    """``rag``: the finance app's RAG of the forecast outturn against the budget (the partnership's tolerances)."""
    return Rag(rag) if rag in Rag.values else None


def benefits(realisation_rag):
    """``realisation_rag``: the benefits register's RAG ("red", "amber", "green" or "not_measured")."""
    return Rag(realisation_rag) if realisation_rag in Rag.values else None


def risks(worst_band, escalated):
    """``worst_band``: the risk register's band of the worst open residual score (red, amber, yellow, green or
    None when no risk is open); ``escalated``: how many risks were escalated since the last report."""
    if worst_band == "red":
        return Rag.RED
    if worst_band == "amber" or escalated:
        return Rag.AMBER
    return Rag.GREEN


def overall(chosen, rolled_up=()):
    return worst([*chosen, *rolled_up])
