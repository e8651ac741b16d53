"""Demo risks, moves, BAF entries and issues (API.md "Demo data"), registered as a ``core.demo`` loader.

For ``llr``: the 18 risks of the "Integrating LLR Points of Access" FBC (seed 004, Table 10, copied into
``fixtures/points_of_access_risks.csv``; H/M/L → 4/3/2, mitigation → controls; the residual not yet assessed, as
the table states none) on that project's register,
programme risks from the PID and the summary deck, workstream risks, both boards' BAFs with the moves that
put risks there, a few issues, and saved import layouts (seed 004's Table 10, LPT's Datix export with LPT's bands).
For ``northshire``: a handful of risks and one import layout. Idempotent: rows are found by
title, created when missing and otherwise left as users have since changed them. Missing projects,
workstreams or users are tolerated (the risk is skipped or its owner left as a name).
"""

import csv
import datetime
import re
from pathlib import Path

from django.db import transaction

from benefits.models import Benefit
from core import demo
from core.models import Organisation, User
from programme.models import Project, Workstream
from risks import mapping, scoring, services
from risks.choices import (
    ActionStatus,
    AssuranceRating,
    Category,
    DisputeStage,
    IssuePriority,
    IssueStatus,
    Level,
    MoveDirection,
    MoveStatus,
    Nature,
    Proximity,
    Response,
)
from risks.models import (
    BafEntry,
    BoardAssuranceFramework,
    Issue,
    IssueEscalation,
    MitigationAction,
    Risk,
    RiskMove,
    RiskSettings,
)
from risks.review import default_review_date

POA_CSV = Path(__file__).resolve().parent / "fixtures" / "points_of_access_risks.csv"
POA_PROJECT = "Integrating LLR Points of Access"
POA_WORKSTREAM = "Urgent Care"
# The FBC's dates (moved to the day the demo is loaded by ``core.demo.Calendar``, as every demo date is).
POA_IDENTIFIED = datetime.date(2016, 5, 1)
POA_REVIEW_MISSED = datetime.date(2016, 6, 17)  # a fortnight before LLR's "now": overdue, within the cycle
# Each risk's numbered actions fall due in turn: the first done, the second (in progress) overdue, the rest ahead.
ACTION_SPACING = datetime.timedelta(days=25)
CHANGE_REASON = "Demo data (manage.py load_demo)"

S, C, F, P, M = (Category.STRATEGIC, Category.CLINICAL, Category.FINANCIAL, Category.PEOPLE,
                 Category.PROGRAMME_MANAGEMENT)

# Table 10 ref -> (short title, category). The table has no titles; these summarise each risk.
POA_TITLES = {
    1: ("Delay in business case sign-off loses momentum and key people", M),
    2: ("Subject matter experts and change champions not backfilled", P),
    3: ("Partner organisations cannot agree how to progress implementation", S),
    4: ("Benefits diluted as realisation timelines extend", F),
    5: ("Transition programme not resourced with the right skills mix", M),
    6: ("Health and local government cultures slow joint decisions", P),
    7: ("Cost of systems integration and interoperability", F),
    8: ("Poor internal communications affect staff morale", P),
    9: ("System lacks confidence to move at the pace required", S),
    10: ("IT integration and Vanguard timelines hold up the project", M),
    11: ("Implementation phases interrupt business as usual", C),
    12: ("Programme judged too expensive and shelved", F),
    13: ("Disagreement over which body funds the service in BAU", F),
    14: ("Proliferation of case management solutions", S),
    15: ("Managers and staff unclear what is expected of them", P),
    16: ("Partners drift away over the 30-month phasing", S),
    17: ("Unforeseen policy or political change", S),
    18: ("Gap between sign-off and implementation start", M),
}
# Table 10 states one assessment per risk (probability and impact before its mitigation strategies): the inherent one.
# It states no residual, so none is invented (issue 19): every POA risk's residual is "not yet assessed" and shows
# the inherent ratings, marked so on the register, the risk's page and the API (``Risk.residual_assessed``).
POA_OVERDUE = {2, 7, 13}
# Table 10's risks whose text names the business case's benefits: they threaten the project's benefits.
POA_THREATEN_BENEFITS = {1, 3, 4, 9, 16, 17, 18}

# (title, category, nature, level, workstream, owner, inherent L/I, residual L/I, response, proximity, description,
#  controls)
LLR_RISKS = [
    ("LLR health and care financial gap not closed", F, Nature.THREAT, Level.PARTNERSHIP_BOARD, None, "sro.llr",
     (5, 5), (4, 5), Response.REDUCE, Proximity.WITHIN_A_YEAR,
     "The local NHS faces a shortfall of £398m by 2018/19 and the three local authorities a collective savings "
     "requirement of £177m; the gap cannot be closed by general organisational savings of 3–4% a year alone.",
     "Five-year financial plan agreed by every partner; CFO group reviews the BCT savings trajectory monthly; "
     "business cases tiered by value (PID s3.4.2)."),
    ("Workforce capacity and skills for new models of care", P, Nature.THREAT, Level.DELIVERY_BOARD, "Workforce",
     "director.llr", (4, 5), (4, 4), Response.REDUCE, Proximity.WITHIN_6_MONTHS,
     "LLR may not employ the right workforce with the right skills in the right place at the right time to "
     "support the left shift into primary and community care.",
     "Workforce enabling group plan; LLR-wide recruitment and retention strategy; organisational development "
     "programme."),
    ("Clinical quality during service reconfiguration", C, Nature.THREAT, Level.DELIVERY_BOARD, None, "director.llr",
     (4, 5), (3, 5), Response.REDUCE, Proximity.WITHIN_6_MONTHS,
     "Moving services between acute, community and primary care may put patient safety and quality at risk "
     "during transition.",
     "Clinical Reference Group assurance of every clinical change; Clinical Senate external review; quality "
     "impact assessment in each business case."),
    ("Shared care record: partner systems cannot interoperate", S, Nature.THREAT, Level.PROGRAMME, "IM&T", "pmo.llr",
     (4, 5), (4, 5), Response.REDUCE, Proximity.WITHIN_3_MONTHS,
     "Partner IT systems cannot share records across organisational boundaries, so integrated pathways cannot "
     "work as designed.",
     "IM&T enabling group interoperability road map; information sharing agreements drafted."),
    ("Stakeholder and public support for reconfiguration", S, Nature.THREAT, Level.PROGRAMME,
     "Communications and Engagement", "pmo.llr", (4, 4), (3, 4), Response.REDUCE, Proximity.WITHIN_6_MONTHS,
     "Public, staff and political stakeholders may oppose reconfiguration proposals, delaying formal "
     "consultation and decisions.",
     "Communications and engagement strategy; PPI Reference Group; Political Reference Forum."),
    ("Capital for new estate not secured", F, Nature.THREAT, Level.PROGRAMME, "Estates and Facilities",
     "director.llr", (3, 5), (3, 4), Response.TRANSFER, Proximity.WITHIN_A_YEAR,
     "CCGs have requested up to £46m for new capital projects and £15m of non-recurrent transition funding; "
     "if it is not secured, estate changes stall.",
     "Capital bids aligned with the NHS England estates process; phased estate plan."),
    ("PMO capacity to run the programme", M, Nature.THREAT, Level.PROGRAMME, None, "pmo.llr",
     (3, 3), (2, 3), Response.RETAIN, Proximity.IMMINENT,
     "The PMO may lack the capacity to be the information hub and single version of the truth for the programme.",
     "PMO resourcing plan; standard templates and the BCT Portal."),
    ("National Vanguard funding to accelerate integration", S, Nature.OPPORTUNITY, Level.PROGRAMME, None,
     "director.llr", (3, 4), (3, 4), Response.EXPLOIT, Proximity.WITHIN_6_MONTHS,
     "New care model Vanguard funding could accelerate integrated urgent care across LLR.",
     "Bid prepared with the Urgent Care workstream."),
    ("NHS 111 and out-of-hours capacity over winter", C, Nature.THREAT, Level.WORKSTREAM, POA_WORKSTREAM,
     "sro.urgentcare.llr", (4, 4), (3, 4), Response.REDUCE, Proximity.WITHIN_3_MONTHS,
     "Winter demand may exceed NHS 111 and out-of-hours medical cover before the single point of access is live.",
     "Winter plan; escalation protocol with EMAS."),
    ("Crisis House provider not found", C, Nature.THREAT, Level.WORKSTREAM, "Mental Health", None,
     (3, 4), (2, 4), Response.SHARE, Proximity.WITHIN_6_MONTHS,
     "No suitable provider may bid for the Crisis House, keeping out-of-county placements high.",
     "Market engagement event; joint commissioning with the councils."),
]

BAF_DETAIL = {
    "LLR health and care financial gap not closed": {
        "sources_of_assurance": "CFO group monthly finance report; external audit of the five-year plan.",
        "gaps_in_control": "No agreed risk-share between partners for savings that fall short.",
        "gaps_in_assurance": "Savings trajectory not yet reported by workstream.",
        "assurance_rating": AssuranceRating.LIMITED,
    },
    "Workforce capacity and skills for new models of care": {
        "sources_of_assurance": "Workforce enabling group report to the Delivery Board each quarter.",
        "gaps_in_control": "Community nursing vacancies above plan.",
        "gaps_in_assurance": "",
        "assurance_rating": AssuranceRating.REASONABLE,
    },
    "Clinical quality during service reconfiguration": {
        "sources_of_assurance": "Clinical Reference Group minutes; Clinical Senate review.",
        "gaps_in_control": "",
        "gaps_in_assurance": "Quality impact assessments not yet complete for every business case.",
        "assurance_rating": AssuranceRating.REASONABLE,
    },
}

# (title, [(from, to, proposed by, decided by, reason)]) for the moves that brought demo risks where they are.
LLR_MOVES = {
    "LLR health and care financial gap not closed": [
        (Level.PROGRAMME, Level.DELIVERY_BOARD, "director.llr", "delivery.llr",
         "The gap threatens every partner's financial sustainability (SO5): the Delivery Board must assure itself."),
        (Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD, "delivery.llr", "partnership.llr",
         "Closing the gap needs decisions only the Partnership Board can take."),
    ],
    "Workforce capacity and skills for new models of care": [
        (Level.WORKSTREAM, Level.PROGRAMME, "lead.urgentcare.llr", "director.llr",
         "Shortages affect every clinical workstream, not only one."),
        (Level.PROGRAMME, Level.DELIVERY_BOARD, "pmo.llr", "delivery.llr", "Residual score 16 after controls."),
    ],
    "Clinical quality during service reconfiguration": [
        (Level.PROGRAMME, Level.DELIVERY_BOARD, "director.llr", "delivery.llr",
         "Patient safety across reconfiguration is a principal risk."),
    ],
}
# A proposal awaiting the Delivery Board's decision, to show the accept and reject buttons.
LLR_PENDING = {
    "Shared care record: partner systems cannot interoperate": (
        "pmo.llr", "Residual score 20: integrated pathways in three workstreams depend on it."),
}

LLR_ISSUES = [
    ("Business case sign-off for Points of Access delayed", Level.PROJECT, POA_PROJECT, "pm.poa.llr",
     IssuePriority.HIGH, IssueStatus.IN_PROGRESS, "",
     "Final sign-off of the FBC has slipped past the May 2016 Delivery Board."),
    ("Which body funds the integrated point of access in BAU", Level.PROJECT, POA_PROJECT, "pm.poa.llr",
     IssuePriority.HIGH, IssueStatus.OPEN, "",
     "Partners disagree on the funding split for the service once it is business as usual (risk 13 has "
     "materialised)."),
    ("GP practice data sharing agreements not signed", Level.PROGRAMME, None, "pmo.llr", IssuePriority.MEDIUM,
     IssueStatus.OPEN, "", "Twelve practices have not yet signed the LLR information sharing agreement."),
    ("Winter plan escalation protocol agreed late", Level.WORKSTREAM, POA_WORKSTREAM, "lead.urgentcare.llr",
     IssuePriority.LOW, IssueStatus.RESOLVED, "Protocol agreed with EMAS and circulated to all partners.",
     "The EMAS escalation protocol was agreed two weeks after the winter plan began."),
]

NORTHSHIRE_RISKS = [
    ("Urgent care hub clinical staffing", C, Nature.THREAT, Level.PROGRAMME, None, "pmo.north", (4, 4), (3, 4),
     Response.REDUCE, Proximity.WITHIN_3_MONTHS, "The hub may not recruit enough senior clinicians.",
     "Rotational posts with Northshire General Hospital."),
    ("Shared care record supplier delay", S, Nature.THREAT, Level.PROGRAMME, None, "pmo.north", (3, 4), (3, 3),
     Response.TRANSFER, Proximity.WITHIN_6_MONTHS, "The supplier's release may slip a quarter.",
     "Contractual milestones with penalties."),
    ("Council budget reductions", F, Nature.THREAT, Level.DELIVERY_BOARD, None, "pmo.north", (5, 4), (4, 4),
     Response.SHARE, Proximity.WITHIN_A_YEAR, "Council savings may withdraw funding for reablement.",
     "Pooled budget under a section 75 agreement."),
    ("Discharge to assess frees beds early", S, Nature.OPPORTUNITY, Level.PROGRAMME, None, None, (3, 3), (3, 3),
     Response.REALISE, Proximity.WITHIN_6_MONTHS, "Home first could release ward capacity ahead of plan.", ""),
]


def _users(usernames):
    return {u.username: u for u in User.objects.filter(username__in=[n for n in usernames if n])}


def _save(obj):
    obj.clean()
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj


def _risk(tenant, users, title, values, moved):
    existing = Risk.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    owner = values.pop("owner", None)
    risk = Risk(title=title, **values)
    if not risk.review_date:  # the level's cycle from the demo's today, not the machine's
        risk.review_date = default_review_date(tenant.pk, risk.level, risk.workstream, start=moved.today)
    if owner:
        if owner in users:
            risk.owner = users[owner]
        else:
            risk.owner_name = owner
    return _save(risk), True


def _workstream(name):
    return Workstream.objects.filter(name=name).first() if name else None


def load_risk_table(tenant, rows, users, moved):
    loaded = {}
    for (title, category, nature, level, workstream_name, owner, inherent, residual, response, proximity,
         description, controls) in rows:
        workstream = _workstream(workstream_name)
        if level == Level.WORKSTREAM and workstream is None:
            continue
        loaded[title], _ = _risk(tenant, users, title, {
            "category": category, "nature": nature, "level": level, "workstream": workstream, "owner": owner,
            "inherent_likelihood": inherent[0], "inherent_impact": inherent[1],
            "residual_likelihood": residual[0], "residual_impact": residual[1], "response": response,
            "proximity": proximity, "description": description, "controls": controls,
        }, moved)
    return loaded


def load_points_of_access(tenant, users, moved):
    project = Project.objects.filter(name=POA_PROJECT, workstream__name=POA_WORKSTREAM).first()
    if project is None:
        return {}
    loaded = {}
    with POA_CSV.open(newline="") as handle:
        for row in csv.DictReader(handle):
            ref = int(row["ref"])
            title, category = POA_TITLES[ref]
            likelihood = scoring.parse_rating(row["probability"])
            impact = scoring.parse_rating(row["impact"])
            values = {
                "category": category, "nature": Nature.THREAT, "level": Level.PROJECT, "project": project,
                "owner": "pm.poa.llr", "description": row["risk"], "controls": row["mitigation"],
                "inherent_likelihood": likelihood, "inherent_impact": impact,
                "residual_likelihood": likelihood, "residual_impact": impact, "residual_assessed": False,
                "response": Response.REDUCE,
                "date_identified": moved.date(POA_IDENTIFIED), "source_ref": f"FBC Table 10, risk {ref}",
            }
            if ref in POA_OVERDUE:
                values["review_date"] = moved.date(POA_REVIEW_MISSED)
            loaded[title], _ = _risk(tenant, users, title, values, moved)
    return loaded


def load_actions(risks, users, moved):
    """The numbered mitigation strategies of Table 10 become the risk's actions, owned by the project manager."""
    owner = users.get("pm.poa.llr")
    statuses = [ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED]
    for risk in risks.values():
        if risk.level != Level.PROJECT or "(1)" not in risk.controls or risk.actions.exists():
            continue
        parts = [part.strip() for part in re.split(r"\(\d\)", risk.controls) if part.strip()]
        for index, part in enumerate(parts):
            _save(MitigationAction(risk=risk, description=part, owner=owner,
                                   due_date=moved.date(POA_IDENTIFIED + ACTION_SPACING * (index + 1)),
                                   status=statuses[min(index, len(statuses) - 1)]))


def load_moves(risks, users, moves, pending):
    for title, steps in moves.items():
        risk = risks.get(title)
        if risk is None or risk.moves.exists():
            continue
        for from_level, to_level, proposer, decider, reason in steps:
            RiskMove.objects.create(
                risk=risk, from_level=from_level, to_level=to_level, direction=MoveDirection.ESCALATE, reason=reason,
                proposed_by=users.get(proposer), status=MoveStatus.ACCEPTED, decided_by=users.get(decider),
                decided_at=risk.created, residual_score=risk.residual_score,
            )
    for title, (proposer, reason) in pending.items():
        risk = risks.get(title)
        if risk is None or risk.moves.exists():
            continue
        RiskMove.objects.create(
            risk=risk, from_level=risk.level, to_level=Level.DELIVERY_BOARD, direction=MoveDirection.ESCALATE,
            reason=reason, proposed_by=users.get(proposer), residual_score=risk.residual_score,
        )


def load_bafs(tenant, risks, detail):
    bafs = {level: BoardAssuranceFramework.for_level(tenant, level) for level in (Level.DELIVERY_BOARD,
                                                                                   Level.PARTNERSHIP_BOARD)}
    for title, risk in risks.items():
        if risk.level not in bafs:
            continue
        values = detail.get(title, {})
        if not BafEntry.objects.filter(baf=bafs[risk.level], risk=risk).exists():
            _save(BafEntry(baf=bafs[risk.level], risk=risk, principal_risk=risk.title, controls=risk.controls,
                           **values))


def load_issues(users, rows):
    for title, level, where, owner, priority, status, resolution, description in rows:
        if Issue.objects.filter(title=title).exists():
            continue
        issue = Issue(title=title, level=level, priority=priority, status=status, resolution=resolution,
                      description=description, owner=users.get(owner))
        if level == Level.PROJECT:
            issue.project = Project.objects.filter(name=where).first()
            if issue.project is None:
                continue
        elif level == Level.WORKSTREAM:
            issue.workstream = _workstream(where)
            if issue.workstream is None:
                continue
        _save(issue)


def load_dispute(users):
    issue = Issue.objects.filter(title="Which body funds the integrated point of access in BAU").first()
    if issue is None or issue.dispute_stage != DisputeStage.NONE or "pm.poa.llr" not in users:
        return
    IssueEscalation.objects.create(
        issue=issue, from_stage=DisputeStage.NONE, to_stage=DisputeStage.PROGRAMME_DIRECTOR,
        reason="The CCGs and councils cannot agree the split: the Programme Director is asked to arbitrate.",
        escalated_by=users["pm.poa.llr"],
    )
    issue.dispute_stage = DisputeStage.PROGRAMME_DIRECTOR
    _save(issue)


# Saved import layouts (risks.mapping), as a PMO would have mapped them once. No category or response is chosen for
# the whole file: the person importing chooses them (they are never assumed).
TABLE_10_LAYOUT = ("FBC risk register table (Ref., Risk, Probability, Impact)", None,
                   {"Ref.": "number", "Risk": "title_description", "Probability": "inherent_likelihood",
                    "Impact": "inherent_impact", "Mitigation Strategies": "controls"}, {}, None)
DATIX_LAYOUT = ("LPT Datix export", "LPT",
                {"Ref": "number", "Title": "title", "Description": "description", "Risk Owner": "owner",
                 "Risk Type": "category", "Likelihood (current)": "residual_likelihood",
                 "Consequence (current)": "residual_impact", "Likelihood (initial)": "inherent_likelihood",
                 "Consequence (initial)": "inherent_impact", "Rating (current)": "residual_rag",
                 "Controls in place": "controls", "Action plan": "actions", "Review date": "review_date"},
                {"category": {"Workforce": Category.PEOPLE, "Operational": Category.CLINICAL}},
                {"bands": [["red", 15, 25], ["amber", 8, 12], ["yellow", 4, 6], ["green", 1, 3]]})
NORTHSHIRE_LAYOUT = ("Northshire trust board register", None,
                     {"Risk ID": "number", "Risk": "title", "Likelihood": "inherent_likelihood",
                      "Severity": "inherent_impact", "Risk category": "category"}, {}, None)


def load_import_layouts(tenant, layouts):
    for name, code, columns, values, bands in layouts:
        headers = list(columns)
        if mapping.saved_layout(tenant, headers) is not None:
            continue
        organisation = Organisation.objects.filter(code=code).first() if code else None
        mapping.save_layout(tenant, None, name, headers, mapping.Layout(
            mapping=columns, values=values, source_bands=bands, organisation=organisation), reason=CHANGE_REASON)


@transaction.atomic
def load(partnership):
    """Load the risk register demo for ``partnership`` (called inside its tenant context)."""
    RiskSettings.for_tenant(partnership)
    moved = demo.calendar_for(partnership)
    if partnership.slug == "llr":
        usernames = {row[5] for row in LLR_RISKS} | {"pm.poa.llr", "lead.urgentcare.llr", "delivery.llr",
                                                     "partnership.llr", "sro.llr"}
        users = _users(usernames)
        risks = load_risk_table(partnership, LLR_RISKS, users, moved)
        poa_risks = load_points_of_access(partnership, users, moved)
        load_actions(poa_risks, users, moved)
        risks.update(poa_risks)
        load_moves(risks, users, LLR_MOVES, LLR_PENDING)
        load_bafs(partnership, risks, BAF_DETAIL)
        load_issues(users, LLR_ISSUES)
        load_dispute(users)
        # What the schedule would do: propose the risks above the thresholds (idempotent).
        services.propose_automatic_escalations(partnership)
        load_import_layouts(partnership, [TABLE_10_LAYOUT, DATIX_LAYOUT])
    elif partnership.slug == "northshire":
        users = _users({row[5] for row in NORTHSHIRE_RISKS})
        risks = load_risk_table(partnership, NORTHSHIRE_RISKS, users, moved)
        load_bafs(partnership, risks, {})
        load_import_layouts(partnership, [NORTHSHIRE_LAYOUT])


def link_benefits(partnership):
    """Link the Points of Access risks that name the benefits to the project's benefits (idempotent: ``add``).
    Runs after the benefits demo has loaded them."""
    if partnership.slug != "llr":
        return
    project = Project.objects.filter(name=POA_PROJECT, workstream__name=POA_WORKSTREAM).first()
    if project is None:
        return
    benefits = list(Benefit.objects.filter(projects=project, restricted=False))
    sources = [f"FBC Table 10, risk {ref}" for ref in sorted(POA_THREATEN_BENEFITS)]
    for risk in Risk.objects.filter(project=project, source_ref__in=sources):
        risk.benefits.add(*benefits)
