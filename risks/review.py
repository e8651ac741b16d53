"""Which body reviews a risk at each level, and so its default review date (PID s4.4 review cycle).

The PID's cycle: Partnership Board quarterly; special interest groups quarterly; Delivery Board
quarterly; Implementation Group monthly; PMO continual. The project reads it as:

| level | reviewing body (the tenant's Body of that kind) | fallback cycle |
|---|---|---|
| project, workstream | the workstream's ``reports_to`` body, else the Implementation Group | monthly |
| programme register | the PMO, its custodian (continual, i.e. weekly) | continual |
| Delivery Board BAF | the Delivery Board | quarterly |
| Partnership Board BAF | the Partnership Board | quarterly |

The tenant's own ``Body.risk_review_cycle`` wins whenever such a body exists, so the PMO changes a
cycle by editing the body, not code.
"""

import datetime

from django.utils import timezone

from programme.choices import REVIEW_CYCLE_DAYS, BodyKind, ReviewCycle
from risks.choices import Level

LEVEL_BODY = {
    Level.PROJECT: (BodyKind.IMPLEMENTATION_GROUP, ReviewCycle.MONTHLY),
    Level.WORKSTREAM: (BodyKind.IMPLEMENTATION_GROUP, ReviewCycle.MONTHLY),
    Level.PROGRAMME: (BodyKind.PMO, ReviewCycle.CONTINUAL),
    Level.DELIVERY_BOARD: (BodyKind.DELIVERY_BOARD, ReviewCycle.QUARTERLY),
    Level.PARTNERSHIP_BOARD: (BodyKind.PARTNERSHIP_BOARD, ReviewCycle.QUARTERLY),
}


def review_cycle(tenant_id, level, workstream=None):
    """The review cycle of ``level`` in the tenant (a ``ReviewCycle`` value)."""
    from programme.models import Body

    if level in (Level.PROJECT, Level.WORKSTREAM) and workstream is not None and workstream.reports_to_id:
        cycle = (
            Body.all_tenants.filter(pk=workstream.reports_to_id).values_list("risk_review_cycle", flat=True).first()
        )
        if cycle:
            return cycle
    kind, fallback = LEVEL_BODY[Level(level)]
    cycle = (
        Body.all_tenants.filter(tenant_id=tenant_id, kind=kind)
        .order_by("pk")
        .values_list("risk_review_cycle", flat=True)
        .first()
    )
    return cycle or fallback


def default_review_date(tenant_id, level, workstream=None, start=None):
    start = start or timezone.localdate()
    return start + datetime.timedelta(days=REVIEW_CYCLE_DAYS[ReviewCycle(review_cycle(tenant_id, level, workstream))])
