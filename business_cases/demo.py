"""Demo briefs and business cases (API.md "Demo data"), registered as a ``core.demo`` loader.

For ``llr``: the Points of Access case (``demo_poa``): its OBC decided before the portal, recorded by the PMO
as a decision taken elsewhere with what the FBC says of it (``demo_poa.OBC_DECIDED_ELSEWHERE``: no OBC is
invented), then its FBC taken through the portal by the people the FBC's process names (the Urgent Care
workbook lead writes and submits, the Delivery Board recommends, the Partnership Board approves, each at a
meeting: the joint SRO chairing the Delivery Board and the PMO as the Partnership Board's secretary record
them, PID s3.2); RFFs and OBCs in other workstreams in various states,
one of them restricted; and briefs, one awaiting the Delivery Board. For ``northshire``: one small RFF
awaiting its Delivery Board.

Workflows run through ``services`` as the demo users, so the demo obeys the rules it shows. Idempotent: a
case or brief found by its title is left as it is (its state is workflow state users move on).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from business_cases import demo_poa, elsewhere, services
from business_cases.choices import BriefKind, BriefStatus
from business_cases.models import Brief, BusinessCase, BusinessCaseSettings
from core.models import Organisation, User
from meetings.decisions import HowDecided
from meetings.demo import WINDOW, held_meeting
from programme.choices import BodyKind, WorkstreamKind
from programme.models import Project, Workstream

S, E, C, F, M = "strategic", "economic", "commercial", "financial", "management"


def users(*names):
    found = {user.username: user for user in User.objects.filter(username__in=names)}
    return [found.get(name) for name in names]


def project(name):
    return Project.objects.select_related("workstream").filter(name=name).first()


def new_case(title, project_name, value, author, sections, summary="", restricted=False):
    """The case if it must be created now (None if it exists or its project is missing)."""
    place = project(project_name)
    if place is None or author is None or BusinessCase.objects.filter(project=place, title=title).exists():
        return None
    case = BusinessCase(title=title, project=place, value=Decimal(value), sections=sections, summary=summary,
                        restricted=restricted, author=author)
    case.full_clean(exclude=["tenant"])
    case._history_user = author
    case.save()
    return case


def score(case, scorer, values, comment):
    keys = ("business_need", "strategic_fit", "value_for_money", "affordability", "clinical_quality", "access")
    services.score(case, scorer, dict(zip(keys, values, strict=True)), comment)


def at_board(kind, when=None):
    """The boards decide at their meetings: the meeting of the day ``when``, held. By default a day before the
    meetings demo's window (``meetings.demo.WINDOW``), so the calendar it keeps, and each board's previous
    meeting, stay as that demo makes them."""
    day = when.date() if when is not None else timezone.localdate() - WINDOW - datetime.timedelta(days=14)
    return HowDecided(meeting=held_meeting(kind, day))


DB, PB = BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD


def load_points_of_access():
    lead, delivery, partnership = users("lead.urgentcare.llr", "delivery.llr", "partnership.llr")
    chair, secretary = users("sro.llr", "pmo.llr")
    if None in (lead, delivery, partnership, chair, secretary):
        return
    case = new_case(demo_poa.TITLE, demo_poa.TITLE, demo_poa.VALUE, lead, demo_poa.FBC_SECTIONS, demo_poa.SUMMARY)
    if case is None:
        return
    # The OBC was decided before the portal: recorded as the FBC states it (seed 004 s2.3.4), not invented.
    elsewhere.record_prior_decision(case, secretary, demo_poa.OBC_DECIDED_ELSEWHERE)
    case.refresh_from_db()
    organisations = {org.name: org for org in Organisation.objects.all()}
    savings, stated = demo_poa.saving_lines_and_totals()
    services.replace_money_profile(case, lead, lines=demo_poa.quarter_lines() + savings,
                                   split=demo_poa.split(organisations),
                                   stated_totals=[*demo_poa.stated_costs(), *stated])
    services.submit(case, lead, when=demo_poa.FBC_SUBMITTED)
    score(case, delivery, (5, 5, 4, 3, 3, 5), "Savings are conservative; phase 2 technology is the main risk.")
    services.recommend(case, chair, "Recommended, with stage-based approval of spend.",
                       when=demo_poa.FBC_RECOMMENDED, how=at_board(DB, demo_poa.FBC_RECOMMENDED))
    score(case, partnership, (5, 4, 4, 3, 3, 4), "Partners' shares agreed in principle.")
    services.approve(case, secretary, "Approved. Spend to be released phase by phase.", when=demo_poa.FBC_APPROVED,
                     how=at_board(PB, demo_poa.FBC_APPROVED))


RFF_OD = {
    S: "Organisational development across the partnership so that staff can work across organisational "
       "boundaries in the new models of care (Workforce enabling group plan).",
    F: "£200,000 set aside in the BCT budget for 2015/16 to 2017/18, revenue.",
    M: "Run by the Workforce enabling group with each partner's OD lead; quarterly reports to the Implementation "
       "Group.",
}
RFF_IAPT = {
    S: "Increase access to psychological therapies (IAPT) as an alternative to secondary mental health care, "
       "supporting the reduction of out-of-county placements.",
    F: "£150,000 of revenue in 2017/18 for additional therapists, recovered through fewer placements.",
    M: "LPT leads delivery through the Mental Health workstream; the PMO tracks the benefits.",
}
RFF_TRIAGE = {
    S: "Add clinical advisers to the Vanguard clinical triage hub so that more NHS 111 calls are closed with "
       "advice instead of an ambulance or an emergency department attendance.",
}
OBC_SHORT_BREAKS = {
    S: "Reconfigure short break services for people with learning disabilities and their carers.",
    E: "Options: keep the current buildings-based offer; commission flexible community short breaks; or a mix.",
    C: "Joint commissioning by the three councils and the CCGs under the Better Care Fund.",
    F: "£380,000 over two years, revenue, shared by the councils and CCGs.",
    M: "Learning Disabilities workstream, with carers involved in planning the service.",
}
OBC_EOL = {
    S: "Support, control and choice at the end of life, respected in every setting of care (the ninth of the ten "
       "components of care).",
    E: "Options under appraisal: a coordination hub, shared care plans only, or both.",
}
OBC_ESTATE = {
    S: "LPT's community hospital strategy: modern community hubs supporting the changing model of care.",
    E: "Three options appraised: refurbish all sites, hub and spoke, or consolidate to two hubs.",
    C: "Procurement through the NHS framework for capital works.",
    F: "£1,200,000 of capital over 2017/18 and 2018/19.",
    M: "Estates and Facilities enabling group, with LPT's estates team.",
}
OBC_ACUTE = {
    S: "Appraise the commercial options for moving acute services from three sites to two.",
    C: "Commercially sensitive: bidders' indicative prices are included.",
}


def load_llr_cases():
    pmo, director, lead, delivery, partnership, chair = users(
        "pmo.llr", "director.llr", "lead.urgentcare.llr", "delivery.llr", "partnership.llr", "sro.llr")
    if None in (pmo, director, lead, delivery, partnership, chair):
        return
    case = new_case("Organisational development programme", "Organisational development programme", "200000.00",
                    pmo, RFF_OD, "An RFF for the partnership's organisational development programme.")
    if case:
        services.submit(case, pmo)
        services.approve(case, chair, "Approved within the Workforce budget.", how=at_board(DB))
    case = new_case("Improving access to psychological therapies", "Improving access to psychological therapies",
                    "150000.00", director, RFF_IAPT, "An RFF for additional IAPT capacity.")
    if case:
        services.submit(case, director)
        score(case, pmo, (4, 4, 3, 4, 4, 5), "Reviewed by the PMO: benefits profile attached.")
        score(case, delivery, (4, 3, 3, 4, 4, 4), "")
    new_case("Clinical triage hub: additional clinical advisers", "Vanguard clinical triage hub", "180000.00", lead,
             RFF_TRIAGE, "An RFF being drafted by the Urgent Care workstream.")
    case = new_case("Short break services reconfiguration", "Short break services reconfiguration", "380000.00",
                    pmo, OBC_SHORT_BREAKS, "An OBC for reconfigured short break services.")
    if case:
        services.submit(case, pmo)
        services.recommend(case, chair, "Recommended.", how=at_board(DB))
        services.approve(case, pmo, "Approved.", how=at_board(PB))
    new_case("Support, control and choice at end of life", "Support, control and choice at end of life",
             "420000.00", director, OBC_EOL, "An OBC in draft.")
    case = new_case("Community hub and spoke estate", "Community hub and spoke estate", "1200000.00", director,
                    OBC_ESTATE, "The OBC of a top-tier case; its FBC follows approval.")
    if case:
        services.submit(case, director)
        score(case, delivery, (3, 4, 3, 2, 3, 4), "Affordability depends on the capital bid.")
        services.recommend(case, chair, "Recommended, subject to the capital bid.", how=at_board(DB))
    new_case("Acute reconfiguration: commercial options appraisal", "Acute reconfiguration: three sites to two",
             "450000.00", pmo, OBC_ACUTE, "Commercially sensitive options appraisal.", restricted=True)


def new_brief(title, author, **values):
    if author is None or Brief.objects.filter(title=title).exists():
        return None
    brief = Brief(title=title, author=author, **values)
    brief.full_clean(exclude=["tenant"])
    brief._history_user = author
    brief.save()
    return brief


def load_llr_briefs():
    pmo, lead, delivery = users("pmo.llr", "lead.urgentcare.llr", "delivery.llr")
    urgent_care = Workstream.objects.filter(name="Urgent Care").first()
    if urgent_care is not None:
        brief = new_brief(
            "NHS 111 clinical assessment service", lead, kind=BriefKind.PROJECT, workstream=urgent_care,
            description="Boost NHS 111 with a clinical assessment service so more callers are helped without an "
                        "ambulance or an emergency department visit.",
            context="Better system navigation is one of the Urgent Care workstream's planned interventions.",
            output="A clinical assessment service integrated with the clinical triage hub.",
            timeframe="April 2017 to March 2018", cost=Decimal("240000.00"))
        if brief:
            services.submit_brief(brief, lead)
    frail = Workstream.objects.filter(name="Frail Older People").first()
    if frail is not None:
        new_brief("Care navigators across LLR", pmo, kind=BriefKind.PROJECT, workstream=frail,
                  description="Care navigators and local area co-ordinators working across health and social care.",
                  context="From the Better Care Fund plans.", output="A navigator service in each locality.",
                  timeframe="2017/18", cost=Decimal("120000.00"))
    end_of_life = Workstream.objects.filter(name="End of Life Care").first()
    if end_of_life is not None and delivery is not None:
        brief = new_brief(
            "End of Life Care", pmo, kind=BriefKind.WORKSTREAM, workstream_kind=WorkstreamKind.CLINICAL,
            description="A new clinical workstream for support, control and choice at the end of life.",
            context="The ninth of the ten components of care had no workstream of its own.",
            output="A workstream with its SRO, workbook lead and projects.", timeframe="From November 2014",
            cost=Decimal("0.00"))
        if brief:
            # Recorded as the Delivery Board decided it in 2014; the workstream it admitted already exists.
            Brief.objects.filter(pk=brief.pk).update(
                status=BriefStatus.APPROVED, submitted_by=pmo, decided_by=delivery,
                decision_note="Approved in principle.", admitted_workstream=end_of_life)


def load_northshire():
    (pmo,) = users("pmo.north")
    case = new_case("Home first: discharge to assess", "Home first: discharge to assess", "95000.00", pmo, {
        S: "Discharge to assess at home for medically fit older people.",
        F: "£95,000 of revenue for a pilot year.",
        M: "Frail Older People workstream; monthly reports to the Delivery Board.",
    }, "A small RFF.")
    if case:
        services.submit(case, pmo)


def load(partnership):
    BusinessCaseSettings.for_tenant(partnership)
    if partnership.slug == "llr":
        load_points_of_access()
        load_llr_cases()
        load_llr_briefs()
    elif partnership.slug == "northshire":
        load_northshire()
