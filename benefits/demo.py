"""Demo benefits (API.md "Demo data"), registered as a ``core.demo`` loader.

For ``llr``:
- the "Integrating LLR Points of Access" savings by phase and financial year (seed 004, Tables 3 and 4, copied
  into ``fixtures/``) as three cashable benefits with a yearly planned profile; each phase's target is the total
  Table 3 states, so the source's rounding difference from the sum of its years stays visible. They are
  attributed by Table 9's "% of benefits", summed per organisation (two points of access each belong to the
  County Council, the City Council and LPT, so 22 + 8, 23 + 5 and 27 + 5), linked to the project and to its
  business case when the business cases app has loaded one. Actuals for 2017/18 and 2018/19 put phase 1 in
  Green, phase 2 in Amber (and worsening) and phase 3 in Red (and improving);
- programme benefits from the summary deck (seed 001): 250 beds' worth of UHL patients cared for outside an
  acute setting, phased 60 / 60 / 130 beds over 2015/16 to 2017/18, and the physical reduction of 427 UHL beds;
- non-financial quality and experience benefits, one quarterly and one monthly (illustrative figures, said so
  in their descriptions), the monthly one below plan (Amber);
- one deliberate double count: an LPT e-referral saving that the Points of Access case already contains
  (its s7.4.4), claimed again and also by the clinical triage hub's case.

For ``northshire``: two benefits. Each benefit's series is moved by whole years (``moved_by_years``) so that its
last actual ends before the day the demo is loaded, its forecasts after: financial years, quarters and months stay
aligned, and the figures stay the sources'. Idempotent: a benefit is found by its title and created with its
links, attribution and measurements when missing; a period already recorded is left as users have since changed it.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from benefits import realisation
from benefits.choices import BenefitType, PeriodKind, RealisationStage
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from business_cases.models import BusinessCase
from core import demo
from core.models import Organisation, User
from programme.models import Objective, Project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHANGE_REASON = "Demo data (manage.py load_demo)"
POA = "Integrating LLR Points of Access"
TRIAGE_HUB = "Vanguard clinical triage hub"
PHASES = {1: "Standardisation", 2: "Integration", 3: "Service Migration"}
FY, QUARTER, MONTH = PeriodKind.FINANCIAL_YEAR, PeriodKind.QUARTER, PeriodKind.MONTH
CASH, NON_CASH, QUALITY = BenefitType.CASHABLE, BenefitType.NON_CASHABLE, BenefitType.NON_FINANCIAL
# Actual and forecast as a share of plan, by phase: (2017/18, 2018/19, later years' forecast).
POA_PERFORMANCE = {1: ("0.964", "0.963", "0.97"), 2: ("0.863", "0.806", "0.82"), 3: ("0.503", "0.597", "0.65")}


def _rows(name):
    with (FIXTURES / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def fy(year):
    return datetime.date(year, 4, 1)


def table9_shares():
    """Table 9's percentage of benefits, summed per organisation name (it sums to 100)."""
    shares = {}
    for row in _rows("points_of_access_cost_split.csv"):
        shares[row["organisation"]] = shares.get(row["organisation"], Decimal(0)) + Decimal(row["percent_of_benefits"])
    return shares


def poa_benefits():
    """The three phases of seed 004 Table 4 as benefit specifications."""
    specs = []
    for row in _rows("points_of_access_savings_by_year.csv"):
        phase = int(row["phase"])
        actual_a, actual_b, outlook = (Decimal(v) for v in POA_PERFORMANCE[phase])
        points = []
        for year in range(2016, 2022):
            planned = Decimal(row[f"{year}/{(year + 1) % 100:02d}"])
            actual = {2017: (planned * actual_a).quantize(Decimal(1)),
                      2018: (planned * actual_b).quantize(Decimal(1))}.get(year)
            forecast = (planned * outlook).quantize(Decimal(1)) if year >= 2019 else None
            points.append((fy(year), planned, actual, forecast))
        specs.append({
            "title": f"Points of Access phase {phase} ({PHASES[phase]}) savings",
            "description": (f"Cashable savings of phase {phase} of the integrated points of access (seed 004, "
                            f"Tables 3 and 4). Table 3 states £{Decimal(row['total']):,.0f}; the years of Table 4 "
                            "add up to a pound or two different, and both are kept."),
            "type": CASH, "unit": "£", "target": Decimal(row["total"]), "baseline": Decimal(0),
            "baseline_date": datetime.date(2016, 4, 1), "period_kind": FY, "profile": (fy(2016), fy(2021)),
            "stage": RealisationStage.REALISING if phase == 1 else RealisationStage.DELIVERING_CHANGE,
            "objectives": ["SO5", "SO4"], "projects": [POA], "cases": [POA], "owner": "pm.poa.llr",
            "shares": table9_shares(), "points": points,
        })
    return specs


LLR_BENEFITS = [
    {"title": "UHL beds' worth of patients cared for outside an acute setting",
     "description": "UHL and LPT agreed that 250 beds' worth of patients can be cared for outside an acute setting "
                    "(170 by expanded community teams, 80 in community 'sub-acute' beds), shifting 60 beds in "
                    "2015/16, 60 in 2016/17 and 130 in 2017/18 (seed 001, LPT beds reconfiguration). Measured as "
                    "beds shifted from UHL.",
     "type": QUALITY, "unit": "beds", "target": Decimal(250), "baseline": Decimal(0),
     "baseline_date": datetime.date(2015, 4, 1), "period_kind": FY, "profile": (fy(2015), fy(2017)),
     "stage": RealisationStage.REALISING, "objectives": ["SO1", "SO4"],
     "projects": ["Community beds reconfiguration"], "owner": "director.llr",
     "shares": {"University Hospitals of Leicester NHS Trust": Decimal(60),
                "Leicestershire Partnership NHS Trust": Decimal(40)},
     "points": [(fy(2015), 60, 60, None), (fy(2016), 60, 52, None), (fy(2017), 130, None, 118)]},
    {"title": "Physical reduction of 427 beds at UHL",
     "description": "The left shift reduces the need for 571 beds at UHL; allowing for growth, a physical reduction "
                    "of 427 beds as UHL moves from three acute sites to two by 2019 (seed 001, UHL plans).",
     "type": QUALITY, "unit": "beds", "target": Decimal(427), "period_kind": FY, "profile": (fy(2018), fy(2018)),
     "stage": RealisationStage.PLANNING, "objectives": ["SO4", "SO5"],
     "projects": ["Acute reconfiguration: three sites to two"], "owner": "director.llr",
     "shares": {"University Hospitals of Leicester NHS Trust": Decimal(100)},
     "points": [(fy(2018), 427, None, 400)]},
    {"title": "Bed days saved by integrated crisis response and falls service",
     "description": "Hospital bed days avoided for frail older people by the clinical response team, falls service "
                    "and integrated crisis response (SO1, less time spent avoidably in hospital). Illustrative "
                    "figures for the demo.",
     "type": QUALITY, "unit": "bed days", "baseline": Decimal(0), "baseline_date": datetime.date(2016, 3, 31),
     "target": Decimal(9600), "period_kind": QUARTER, "profile": (fy(2016), datetime.date(2018, 1, 1)),
     "stage": RealisationStage.REALISING, "objectives": ["SO1", "SO3"],
     "projects": ["Integrated crisis response and falls service"], "owner": "pmo.llr",
     "points": [(datetime.date(y, m, 1), p, a, f) for y, m, p, a, f in [
         (2016, 4, 900, 940, None), (2016, 7, 1000, 1010, None), (2016, 10, 1100, 1060, None),
         (2017, 1, 1200, 1230, None), (2017, 4, 1300, None, 1280), (2017, 7, 1300, None, 1300),
         (2017, 10, 1400, None, 1350), (2018, 1, 1400, None, 1400)]]},
    {"title": "Service users reporting a positive experience of the points of access",
     "description": "People answering the points of access experience survey who report a positive experience, "
                    "each month of the first integrated year (SO3; seed 004 s7.4 on failure demand). Illustrative "
                    "figures for the demo.",
     "type": QUALITY, "unit": "people", "baseline": Decimal(410), "baseline_date": datetime.date(2017, 3, 31),
     "target": Decimal(6660), "period_kind": MONTH, "profile": (datetime.date(2017, 4, 1), datetime.date(2018, 3, 1)),
     "stage": RealisationStage.DELIVERING_CHANGE, "objectives": ["SO3"], "projects": [POA],
     "owner": "pm.poa.llr", "restricted": False,
     "points": [(datetime.date(2017 + (m < 4), m, 1), Decimal(500) + Decimal(i) * 10, actual, None)
                for i, (m, actual) in enumerate([(4, 480), (5, 455), (6, 470), (7, 420), (8, 455), (9, 430),
                                                 (10, None), (11, None), (12, None), (1, None), (2, None),
                                                 (3, None)])]},
    {"title": "LPT SPA e-referral channel shift savings",
     "description": "Savings from moving LPT single point of access referrals to e-referral. Deliberately double "
                    "counted in the demo: the Points of Access case already contains them (seed 004 s7.4.4, a 5% "
                    "reduction in handling through e-referral), and the clinical triage hub's case claims them too.",
     "type": CASH, "unit": "£", "target": Decimal(150000), "period_kind": FY, "profile": (fy(2017), fy(2019)),
     "stage": RealisationStage.DELIVERING_CHANGE, "objectives": ["SO5", "SO6"], "projects": [POA],
     "cases": [POA, TRIAGE_HUB], "owner": "lead.urgentcare.llr",
     "shares": {"Leicestershire Partnership NHS Trust": Decimal(100)},
     "points": [(fy(2017), 40000, 41000, None), (fy(2018), 50000, None, 50000), (fy(2019), 60000, None, 60000)]},
]

NORTHSHIRE_BENEFITS = [
    {"title": "Emergency admissions avoided by the urgent care hub",
     "description": "Admissions avoided each quarter by clinical triage behind NHS 111.",
     "type": QUALITY, "unit": "admissions", "target": Decimal(1200), "period_kind": QUARTER,
     "profile": (datetime.date(2025, 4, 1), datetime.date(2026, 1, 1)), "stage": RealisationStage.REALISING,
     "objectives": ["SO1"], "projects": ["Integrated urgent care hub"], "owner": "pmo.north",
     "points": [(datetime.date(2025, 4, 1), 250, 240, None), (datetime.date(2025, 7, 1), 300, 230, None),
                (datetime.date(2025, 10, 1), 300, None, 260), (datetime.date(2026, 1, 1), 350, None, 300)]},
    {"title": "Clinician time released by the shared care record",
     "description": "Time no longer spent chasing records, valued at staff cost.",
     "type": NON_CASH, "unit": "£", "target": Decimal(400000), "period_kind": FY,
     "profile": (fy(2025), fy(2026)), "stage": RealisationStage.DELIVERING_CHANGE, "objectives": ["SO2", "SO3"],
     "projects": ["Shared care record"], "owner": "pmo.north",
     "shares": {"Northshire Hospitals NHS Foundation Trust": Decimal(60),
                "Northshire Community Health NHS Trust": Decimal(40)},
     "points": [(fy(2025), 150000, None, 140000), (fy(2026), 250000, None, 250000)]},
]


def _case_for(project_name):
    """The business case of a project, if it has one."""
    return BusinessCase.objects.filter(project__name=project_name).order_by("number").first()


def _save(obj):
    obj._change_reason = CHANGE_REASON
    obj.save()


def _plus_years(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def moved_by_years(spec, moved):
    """``spec`` with its dates moved by whole years: so that its last actual period has ended by ``moved.today``
    (a ``core.demo.Calendar``), or by the partnership's own move when nothing has been measured yet."""
    measured = [period for period, _planned, actual, _forecast in spec["points"] if actual is not None]
    if measured:
        years = moved.years_to_close(realisation.period_end(max(measured), spec["period_kind"]))
    else:
        years = round(moved.shift.days / 365.25)
    spec = dict(spec, points=[(_plus_years(period, years), *rest) for period, *rest in spec["points"]])
    if spec.get("baseline_date"):
        spec["baseline_date"] = _plus_years(spec["baseline_date"], years)
    if "profile" in spec:
        spec["profile"] = tuple(_plus_years(day, years) for day in spec["profile"])
    return spec


def load_benefit(spec, partnership):
    benefit = Benefit.objects.filter(title=spec["title"]).first()
    if benefit is not None:
        return benefit, False
    spec = moved_by_years(spec, demo.calendar_for(partnership))
    owner = User.objects.filter(username=spec["owner"], memberships__tenant=partnership).first()
    if owner is None:
        return None, False
    first, last = spec.get("profile", (None, None))
    benefit = Benefit(
        title=spec["title"], description=spec.get("description", ""), owner=owner, type=spec["type"],
        unit=spec.get("unit", ""), baseline=spec.get("baseline"), baseline_date=spec.get("baseline_date"),
        target=spec.get("target"), period_kind=spec["period_kind"], profile_start=first, profile_end=last,
        stage=spec["stage"], restricted=spec.get("restricted", False),
    )
    benefit.full_clean(exclude=["tenant", "number", "ref", "objectives", "projects", "business_cases"])
    _save(benefit)
    benefit.objectives.add(*Objective.objects.filter(code__in=spec["objectives"]))
    benefit.projects.add(*Project.objects.filter(name__in=spec.get("projects", [])))
    cases = [case for case in (_case_for(name) for name in spec.get("cases", [])) if case is not None]
    if cases:
        benefit.business_cases.add(*cases)
    organisations = {o.name: o for o in Organisation.objects.all()}
    for name, percent in spec.get("shares", {}).items():
        if name in organisations:
            _save(BenefitAttribution(benefit=benefit, organisation=organisations[name], percent=percent))
    for period, planned, actual, forecast in spec["points"]:
        values = {"planned": planned, "actual": actual, "forecast": forecast}
        measurement = BenefitMeasurement(benefit=benefit, period=period, note="",
                                         **{k: None if v is None else Decimal(v) for k, v in values.items()})
        measurement.full_clean(exclude=["tenant", "benefit"], validate_constraints=False)
        _save(measurement)
    benefit.refresh_position()
    return benefit, True


def load(partnership):
    BenefitSettings.for_tenant(partnership)
    if partnership.slug == "llr":
        specs = poa_benefits() + LLR_BENEFITS
    elif partnership.slug == "northshire":
        specs = NORTHSHIRE_BENEFITS
    else:
        return
    for spec in specs:
        load_benefit(spec, partnership)
