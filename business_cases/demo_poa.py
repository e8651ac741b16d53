"""The "Integrating LLR Points of Access" business case (seed 004, the Full Business Case v1.0 of 11 May 2016).

Its money comes from the tables copied into ``fixtures/`` (never from ``shared/`` at run time), at the document's
own grain:

- **Costs.** The FBC states its implementation cost twice: Table 5 by phase (programme and technology costs, not
  dated) and Tables 6–8 by quarter. Loading both as lines would count the cost twice, so the FBC's detail lines are
  Tables 6–8's quarters (the only dated statement, which the finance baseline needs; capital or revenue *not
  stated*, as the tables do not say), and Table 5 is kept as stated totals per phase (its programme and technology
  amounts named in the source text) and in all. The two disagree (Table 5 £2,273,100; Tables 6–8 state £2,252,750;
  Table 8's own quarters add up to £224,900 where its total says £366,750, its columns ending at 2018/19 Q1): each
  total is checked against the lines and the difference shown.
- **Savings** by phase and financial year (Table 4), with the phases' totals as Table 3 and Table 4 each state
  them, so the rounding differences show (phase 1 £1 short, phase 2 £2 over, phase 3 £1 short).
- **The split** (Table 9), both ways the table gives it: for the whole case, each point of access's "% of
  benefits" with its stated total cost (its rows add up to a penny more than the stated £2,273,100); and per
  phase, each point of access's stated cost of the phase, with its share of the phase as a percentage to two
  decimal places *computed* from those stated costs and the phase's stated total (Table 9 states no per-phase
  percentage); phase 2's four shares add up to 99.99, within the rounding rule. Table 9's column totals and its
  grand total are stated totals.
- **Pages.** The text extract keeps no page breaks, so each table's page is given as its section's pages in the
  FBC's table of contents: section 7, Financial Assessment, pp. 42–52.

The section texts summarise the FBC. The OBC is not in the portal: the FBC says only that the SRO and the Project
Board reviewed the outline business case (s2.3.4), so it is recorded as a decision taken elsewhere
(``OBC_DECIDED_ELSEWHERE``) with no date, as the FBC gives none. The FBC's date is the document's own; the dates of
its submission and board decisions are illustrative.
"""

import csv
import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils import timezone

from business_cases.choices import DocumentType, Funding, MoneyKind
from business_cases.models.prior import PriorOutcome

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TITLE = "Integrating LLR Points of Access"
VALUE = Decimal("2273100.00")
PHASES = {1: "Standardisation", 2: "Integration", 3: "Service Migration"}


def when(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


FBC_SUBMITTED, FBC_RECOMMENDED, FBC_APPROVED = when(2016, 5, 11), when(2016, 6, 2), when(2016, 6, 30)

SUMMARY = (
    "A new Target Operating Model brings eight health and adult social care points of access across LLR under "
    "one management structure on at most two sites, in three phases over 30 months: savings of £4.3m over five "
    "years for £2.27m of implementation costs."
)

# The OBC's decision as the FBC states it (s2.3.4, "Stage 4 - Review"): reviewed by the SRO and the Project Board,
# the business case refined on their feedback. The FBC names neither the SRO nor a date, and states a review, not
# a formal approval: so the decision is "reviewed and taken forward", the date "not stated" (issue 19).
OBC_DECIDED_ELSEWHERE = {
    "stage": DocumentType.OBC,
    "outcome": PriorOutcome.REVIEWED,
    "decided_by": "the SRO and the Project Board (the FBC names neither the SRO nor the board's members)",
    "decided_on": None,
    "date_not_stated": True,
    "document": "Integrating LLR Points of Access Full Business Case, v1.0 Final, 4OC, 11 May 2016, s2.3.4",
    "note": ("The FBC says: \"The review stage of the project presented the SRO and project board with an "
             "opportunity to review the outline business case and implementation roadmap as recommended by the "
             "project team. The business case and implementation plan were refined and updated as part of this "
             "process based on the feedback received.\" It states no date for the review and no formal approval."),
}

FBC_SECTIONS = {
    "strategic": (
        "The Better Care Together Five Year Plan highlighted the need to simplify and reconfigure the points of "
        "access across LLR in support of demand management and the 'left shift', so that professionals and "
        "service users make the best use of the most appropriate service in the most appropriate setting of "
        "care, with information and signposting that are responsive and consistent with local pathways.\n\n"
        "Drivers: reducing waiting times through transparent, accessible data and advice; managing a predicted "
        "skills shortfall through different ways of working and better technology; meeting rising demand; "
        "better value for money and financial sustainability; and integrated care that optimises the estate and "
        "eliminates duplication and waste. The case answers National Voices' narrative for person-centred care: "
        "'the professionals involved with my care talk to each other'.\n\n"
        "Scope: eight points of access - Leicester City Single Point of Contact, Leicestershire County Customer "
        "Service Centre, First Contact Plus, Rutland Customer Service Team, LPT Community Health SPA, LPT Adult "
        "Mental Health SPA, the LLR-wide Bed Bureau and Leicester City ICRS (added by change control). The "
        "programme is aligned with Vanguard workstream 1 and its clinical triage hub."
    ),
    "economic": (
        "The current model was appraised against the recommended Target Operating Model: a single uniform way of "
        "operating, at one or two sites, under one management structure. Implementation is estimated to save "
        "£4.3m at a cost of £2.2m over five years, assuming no growth in demand so that options are compared like "
        "for like.\n\n"
        "Savings come from five sources: process efficiencies, channel shift to online and e-referral, reduced "
        "failure demand (chase calls and repeat contacts), management efficiencies from standard spans of control "
        "(almost 20% of the savings) and property rationalisation from over eight locations to two (about £0.5m "
        "non-cashable). Non-financial benefits: a multi-skilled workforce, a better experience for service users "
        "and professionals, one view of the service user's journey, less failure demand and structured data for "
        "system-wide decisions."
    ),
    "commercial": (
        "Market testing combined desktop research (including NHS England's Integrated Care and Support Pioneer "
        "Programme), engagement with the Isle of Wight Council and input from health and social care "
        "professionals. No example of integration at the depth and scale LLR intends was found, so the lessons "
        "found were used to support the assumptions and the phased roadmap.\n\n"
        "Technology costs were scaled back by leveraging existing investment in case management and telephony; "
        "a scheduling and capacity management system for staff in the field was scoped and shortlisted. Further "
        "technology will be sourced through the Better Care Funds and national technology funding."
    ),
    "financial": (
        "Implementation costs £2,273,100 over three phases (Table 5): Standardisation £703,600 (programme "
        "£621,000, transition technology £82,600); Integration £1,171,200 (programme £871,200, technology "
        "£300,000); Service Migration £398,300 (programme £323,300, technology £75,000). Savings total £4,355,144 "
        "by phase (Table 3), profiled by financial year from 2017/18 to 2021/22 (Table 4).\n\n"
        "Costs are split between the partners pro rata to their share of the benefits, smoothed for the smaller "
        "points of access (Table 9). Each organisation governs its own finances for the first phase and submits "
        "its own capital and revenue business case; later phases move to a single entity's governance within "
        "BCT, with stage-based approval of spend matched to deliverables and savings. Redundancy costs are not "
        "included: reductions are expected through natural attrition."
    ),
    "management": (
        "A 30-month programme: operational readiness and standardisation (6-10 months), integration (10 months) "
        "and service migration (10 months), preceded by mobilisation - programme set-up, a skills and capacity "
        "assessment, a programme management office and a performance and change function.\n\n"
        "Governance runs through the Integration Executive and the BCT boards. An experienced programme manager "
        "leads a consolidated team with backfilled subject matter experts and change champions; co-design with "
        "staff, service users and patients starts in phase 1. The 18 risks of the initial register (Table 10) "
        "are managed on the project's register; benefits are tracked across programmes to avoid double counting "
        "(s7.7.1), and an impact assessment process handles changes to the assumptions."
    ),
}


PAGES = "42–52"
TABLE_5 = "Table 5, Programme Costs by Phase"
SPEND_TABLES = {1: "Table 6, Spend by Quarter (phase 1)", 2: "Table 7, Spend by Quarter (phase 2)",
                3: "Table 8, Spend by Quarter (phase 3)"}
TABLE_9 = "Table 9, Cost by Organisation"


def _rows(name):
    with (FIXTURES / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _stated(kind, phase, amount, source):
    return {"kind": kind, "phase": phase, "amount": Decimal(amount), "source": source, "page": PAGES}


def quarter_lines():
    """Tables 6–8: each phase's spend by quarter (the source's '-' quarters omitted), capital or revenue not
    stated."""
    lines = []
    for row in _rows("points_of_access_spend_by_quarter.csv"):
        phase = int(row["phase"])
        for period, amount in row.items():
            if period in ("phase", "total") or Decimal(amount) == 0:
                continue
            year, quarter = period.split(" Q")
            lines.append({"kind": MoneyKind.COST, "funding": Funding.NOT_STATED, "financial_year": year,
                          "quarter": int(quarter), "phase": phase,
                          "description": f"Phase {phase} {PHASES[phase]}: Table {5 + phase} spend by quarter",
                          "amount": Decimal(amount)})
    return lines


def stated_costs():
    """Every cost total the FBC states: Table 5's phases and total, Tables 6–8's phase totals, Table 9's column
    totals and grand total."""
    stated = []
    for row in _rows("points_of_access_costs_by_phase.csv"):
        phase = int(row["phase"])
        stated.append(_stated(MoneyKind.COST, phase, Decimal(row["programme_costs"]) + Decimal(row["technology_costs"]),
                              f"{TABLE_5}: {row['name']} programme £{int(row['programme_costs']):,} and technology "
                              f"£{int(row['technology_costs']):,}"))
    stated.append(COST_TOTAL)
    for row in _rows("points_of_access_spend_by_quarter.csv"):
        stated.append(_stated(MoneyKind.COST, int(row["phase"]), row["total"], SPEND_TABLES[int(row["phase"])]))
    for phase in PHASES:
        stated.append(_stated(MoneyKind.COST, phase, TABLE_9_TOTALS[phase], f"{TABLE_9} (phase {phase} total)"))
    stated.append(_stated(MoneyKind.COST, None, TABLE_9_TOTALS[None], f"{TABLE_9} (total)"))
    return stated


def saving_lines_and_totals():
    """Table 4's savings by phase and year (the source's '-' years omitted) and the phases' totals as Table 3 and
    Table 4 state them, and Table 3's total."""
    lines, stated = [], []
    rows = _rows("points_of_access_savings_by_year.csv")
    for row in rows:
        phase = int(row["phase"])
        for year, amount in row.items():
            if year in ("phase", "total") or Decimal(amount) == 0:
                continue
            lines.append({"kind": MoneyKind.SAVING, "funding": Funding.REVENUE, "financial_year": year,
                          "phase": phase, "description": f"Phase {phase} {PHASES[phase]} savings",
                          "amount": Decimal(amount)})
    for table in ("Table 3, Phasing of Savings", "Table 4, Phasing of Savings over time"):
        stated += [_stated(MoneyKind.SAVING, int(row["phase"]), row["total"], table) for row in rows]
    stated.append(_stated(MoneyKind.SAVING, None, "4355144", "Table 3, Phasing of Savings (total)"))
    return lines, stated


def split(organisations_by_name):
    """Table 9, both ways it splits the cost: for the whole case, each point of access's "% of benefits" and its
    stated total cost (the split the benefits' double-counting check shares savings by); and per phase, each
    point of access's stated cost of the phase, with its share of the phase computed from it (to two decimal
    places, half up)."""
    rows = _rows("points_of_access_cost_split.csv")
    shares = [{"phase": None, "organisation": organisations_by_name[row["organisation"]],
               "label": row["point_of_access"], "percent": Decimal(row["percent_of_benefits"]),
               "amount": Decimal(row["total_cost"])} for row in rows]
    for row in rows:
        for phase in PHASES:
            cost = row[f"phase{phase}_cost"]
            if not cost:
                continue
            percent = (Decimal(cost) * 100 / TABLE_9_TOTALS[phase]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            shares.append({"phase": phase, "organisation": organisations_by_name[row["organisation"]],
                           "label": f"{row['point_of_access']} ({row['percent_of_benefits']}% of benefits)",
                           "percent": percent, "amount": Decimal(cost)})
    return shares


TABLE_9_TOTALS = {1: Decimal("703600.00"), 2: Decimal("1171200.00"), 3: Decimal("398300.00"),
                  None: Decimal("2273100.00")}
COST_TOTAL = {"kind": MoneyKind.COST, "phase": None, "amount": VALUE, "source": f"{TABLE_5} (total costs)",
              "page": PAGES}
