"""Demo change requests (API.md "Demo data"), registered as a ``core.demo`` loader at order 50.

For ``llr``: the change that added the Leicester City Incident Crisis Response Service (ICRS) to the scope
of "Integrating LLR Points of Access" (seed 004 s2.2: "added to the scope of the project through a formal
change control process", raising the in-scope Points of Access from seven to eight), decided and
implemented; and requests at each authority in various states: one awaiting the SRO of Urgent Care, one the
Programme Director, one the Delivery Board, one deferred and resubmitted, one rejected, one just logged. For
``northshire``: one logged request.

Each request goes through ``services`` as the demo users, so the demo obeys the rules it shows (and its
people find it in their inboxes; nothing is emailed for it). Idempotent: a request found by its title is
left as it is. Missing people, projects or risks are tolerated (the request is skipped or left unlinked).
"""

import datetime
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from change_control import services
from change_control.choices import Decision, Kind, Priority
from change_control.models import ChangeControlSettings, ChangeRequest
from core import demo
from core.models import Notification, User
from programme.models import Project, Workstream
from risks.models import Risk

POA = "Integrating LLR Points of Access"
URGENT_CARE = "Urgent Care"
ICRS_TITLE = "Add the Leicester City ICRS to the Points of Access scope"


def person(username):
    return User.objects.filter(username=username, memberships__tenant__isnull=False).first()


def place(workstream=None, project=None):
    if project:
        found = Project.objects.filter(name=project).first()
        return {"project": found} if found else None
    if workstream:
        found = Workstream.objects.filter(name=workstream).first()
        return {"workstream": found} if found else None
    return {}


def risks(*titles):
    return list(Risk.objects.filter(title__in=titles))


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def run(spec):
    """Take one request as far as ``spec`` says, as the people it names; None if it exists or cannot be made."""
    if ChangeRequest.objects.filter(title=spec["title"], version=1).exists():
        return None
    where = place(spec.get("workstream"), spec.get("project"))
    people = {role: person(name) for role, name in spec["people"].items()}
    if where is None or None in people.values():
        return None
    request = services.log(people["originator"], spec["title"], spec["description"], spec.get("kind"), **where)
    if "assess" in spec:
        request = services.assess(request, people["pmo"], **spec["assess"])
    if "proposal" in spec:
        request = services.propose(request, people["pmo"], spec["proposal"])
    if "decision" in spec:
        decision, rationale = spec["decision"]
        request = services.decide(request, people["decider"], decision, rationale)
    if "implemented" in spec:
        request = services.implement(request, people["pmo"], spec["implemented"])
    if "resubmit" in spec:
        request = services.resubmit(request, people["originator"], **spec["resubmit"])
    if "dates" in spec:
        backdate(request, spec["dates"])
    return request


def backdate(request, dates):
    """Put a historical request at its own dates (the FBC's timeline, moved as every demo date is by
    ``core.demo.Calendar``) rather than the day the demo loaded."""
    moved = demo.calendar_for(request.tenant)
    fields = dict(zip(("created", "assessed_at", "proposed_at", "decided_at", "implemented_at"),
                      (at(moved.date(day)) for day in dates), strict=False))
    ChangeRequest.objects.filter(pk=request.pk).update(**fields)


def llr_requests():
    return [
        {
            "title": ICRS_TITLE, "kind": Kind.CHANGE_REQUEST, "project": POA,
            "people": {"originator": "pm.poa.llr", "pmo": "pmo.llr", "decider": "director.llr"},
            "description": (
                "Seven Points of Access are in the project's scope. The Leicester City Incident Crisis Response "
                "Service (ICRS), co-located at the Neville Centre with mental health, community and therapy "
                "partners, handles the same first contacts and already schedules its field staff with Staff Plan. "
                "Add it to the scope, making eight Points of Access."
            ),
            "assess": {
                "cost_impact": Decimal("111231.95"), "time_impact_days": 0, "priority": Priority.EQUAL,
                "impact": {
                    "programme": "None beyond Urgent Care: the service is already part of the LLR urgent care system.",
                    "business_case": "The FBC's cost split gains ICRS (City) at 5% of benefits: £35,180.00 in "
                                     "phase 1 and £76,051.95 in phase 2 (£111,231.95).",
                    "benefits": "No cashable saving is claimed for ICRS (too small for the efficiencies modelled); "
                                "its 75% resolution rate is the practice to spread.",
                    "risks": "More systems to integrate in phase 2; the choice of case management solutions widens.",
                    "resources": "One more service's SMEs and change champions to release.",
                },
                "linked_risks": risks("Cost of systems integration and interoperability",
                                      "Proliferation of case management solutions"),
            },
            "proposal": "Approve: bring ICRS into phases 1 and 2 and update the FBC's cost split before submission.",
            "decision": (Decision.APPROVE, "Approved: the service fits the integrated point of access and brings "
                                           "good practice in scheduling. Record it in the FBC (s2.2)."),
            "implemented": "Scope, cost split (Table 9) and implementation plan of the FBC updated: eight Points "
                           "of Access.",
            "dates": [datetime.date(2016, 1, 11), datetime.date(2016, 1, 25), datetime.date(2016, 2, 1),
                      datetime.date(2016, 2, 10), datetime.date(2016, 3, 1)],
        },
        {
            "title": "Extend the NHS 111 clinical hub to winter weekend evenings", "workstream": URGENT_CARE,
            "people": {"originator": "lead.urgentcare.llr", "pmo": "pmo.llr"},
            "description": "Weekend evening demand on NHS 111 peaks in winter; add two clinical advisers to the "
                           "hub from December to February.",
            "assess": {"cost_impact": Decimal("38500.00"), "time_impact_days": 0, "priority": Priority.HIGHER,
                       "impact": {"resources": "Two sessional advisers for 13 weekends.",
                                  "risks": "Reduces the winter capacity risk on the Urgent Care register."},
                       "linked_risks": risks("NHS 111 and out-of-hours capacity over winter")},
            "proposal": "Approve from within the Urgent Care winter allocation.",
        },
        {
            "title": "Add a shared scheduling and capacity tool to Points of Access phase 1", "project": POA,
            "people": {"originator": "pm.poa.llr", "pmo": "pmo.llr"},
            "description": "The FBC recommends scoping a scheduling and capacity management system; ICRS already "
                           "uses Staff Plan with good results. Procure it for the phase 1 services now.",
            "assess": {"cost_impact": Decimal("145000.00"), "time_impact_days": 30, "priority": Priority.HIGHER,
                       "impact": {"business_case": "Brings forward phase 2 technology spend.",
                                  "risks": "Fewer case management solutions in the end state."},
                       "linked_risks": risks("Proliferation of case management solutions")},
            "proposal": "Approve a one-year licence for phase 1, with the phase 2 procurement to follow.",
        },
        {
            "title": "Move the single point of access go-live into the next delivery stage", "project": POA,
            "kind": Kind.CONCERN,
            "people": {"originator": "sro.urgentcare.llr", "pmo": "pmo.llr"},
            "description": "The IT integration and Vanguard timelines will not support go-live in this stage.",
            "assess": {"cost_impact": Decimal("310000.00"), "time_impact_days": 180,
                       "changes_stage_or_objective": True, "priority": Priority.EQUAL,
                       "impact": {"programme": "Moves a Delivery stage milestone.",
                                  "benefits": "Phase 2 savings start six months later."},
                       "linked_risks": risks("IT integration and Vanguard timelines hold up the project")},
            "proposal": "Re-baseline the go-live into the next Delivery stage and hold the phase 2 budget.",
        },
        {
            "title": "Extend Staff Plan to the Rutland customer service team", "project": POA,
            "kind": Kind.SUGGESTION,
            "people": {"originator": "pm.poa.llr", "pmo": "pmo.llr", "decider": "sro.urgentcare.llr"},
            "description": "Rutland's customer service team could schedule with the ICRS tool too.",
            "assess": {"cost_impact": Decimal("22000.00"), "priority": Priority.LOWER},
            "proposal": "Defer until the phase 1 process review reports.",
            "decision": (Decision.DEFER, "Wait for the phase 1 process review; resubmit with its findings."),
            "resubmit": {"description": "The phase 1 process review found Rutland's scheduling the least "
                                        "consistent; extend Staff Plan to its customer service team in phase 1."},
        },
        {
            "title": "Replace the monthly highlight report with a weekly one", "kind": Kind.IDEA,
            "people": {"originator": "ig.llr", "pmo": "pmo.llr", "decider": "director.llr"},
            "description": "Workstreams report weekly to the Implementation Group instead of monthly.",
            "assess": {"cost_impact": Decimal("12000.00"), "priority": Priority.LOWER,
                       "impact": {"resources": "Four times the reporting effort for every workstream."}},
            "proposal": "Reject: the monthly cycle matches the Implementation Group's cadence (PID s4.4).",
            "decision": (Decision.REJECT, "The reporting burden outweighs the benefit; the monthly cycle stays."),
        },
        {
            "title": "Partner dashboards show different bed numbers", "kind": Kind.DISSATISFACTION,
            "people": {"originator": "viewer.uhl.llr"},
            "description": "UHL's and the programme's dashboards disagree on community bed numbers.",
        },
    ]


NORTHSHIRE_REQUESTS = [
    {
        "title": "Publish the urgent care dashboard to all partners", "kind": Kind.SUGGESTION,
        "people": {"originator": "viewer.north"},
        "description": "Partners would use the dashboard if it were shared monthly.",
    },
]


def load(partnership):
    ChangeControlSettings.for_tenant(partnership)
    first_new = (Notification.objects.aggregate(n=Max("pk"))["n"] or 0) + 1
    specs = llr_requests() if partnership.slug == "llr" else NORTHSHIRE_REQUESTS
    for spec in specs:
        run(spec)
    # The demo's people find these in their inboxes, but nobody is emailed about demo data.
    Notification.objects.filter(pk__gte=first_new, emailed_at__isnull=True).update(emailed_at=timezone.now())
