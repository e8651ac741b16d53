"""Decision authority by scale (PID s4.7, DOMAIN.md s7): a pure function of the assessment and the thresholds.

| assessment | authority |
|---|---|
| any change to a programme stage, objective or business-case tier | Delivery Board |
| size of the cost impact above the upper threshold (*default* £250,000) | Delivery Board |
| above the lower threshold (*default* £50,000), up to the upper | Programme Director |
| up to the lower threshold | the workstream's SRO |
| up to the lower threshold, but against the programme as a whole (no workstream) | Programme Director |

The thresholds are inclusive ("up to £50,000"): exactly £50,000.00 is the SRO's, £50,000.01 the Director's.
The cost impact is judged by its size, so a saving of £300,000 is as significant as a cost of £300,000. A
request with no workstream has no workstream SRO, so what would be theirs goes to the Programme Director,
who holds the authority for the programme (PID s3.2).

Separation of duties (DOMAIN.md s3) can leave nobody free to decide, e.g. when a workstream's only SRO raised
the request; the decision is then referred one level up (``referred``), never down.
"""

from decimal import Decimal

from change_control.choices import Authority

DEFAULT_SRO_LIMIT = Decimal("50000.00")
DEFAULT_DIRECTOR_LIMIT = Decimal("250000.00")


def decision_authority(
    cost_impact,
    changes_stage_or_objective=False,
    changes_business_case_tier=False,
    has_workstream=True,
    sro_limit=DEFAULT_SRO_LIMIT,
    director_limit=DEFAULT_DIRECTOR_LIMIT,
):
    """The ``Authority`` that decides a request, or None while its cost impact is not yet assessed."""
    if changes_stage_or_objective or changes_business_case_tier:
        return Authority.DELIVERY_BOARD
    if cost_impact is None:
        return None
    size = abs(cost_impact if isinstance(cost_impact, Decimal) else Decimal(str(cost_impact)))
    if size > director_limit:
        return Authority.DELIVERY_BOARD
    if size > sro_limit or not has_workstream:
        return Authority.PROGRAMME_DIRECTOR
    return Authority.WORKSTREAM_SRO


ORDER = [Authority.WORKSTREAM_SRO, Authority.PROGRAMME_DIRECTOR, Authority.DELIVERY_BOARD]


def referred(authority, levels):
    """``authority`` referred ``levels`` up the order SRO → Programme Director → Delivery Board (the Delivery
    Board is the top)."""
    if not authority:
        return authority
    index = min(ORDER.index(authority) + max(levels, 0), len(ORDER) - 1)
    return ORDER[index]
