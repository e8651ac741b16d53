"""A benefit's attribution to partner organisations under the rounding rule (pure functions of plain data).

Sources give each organisation's share as a percentage to two decimal places, rounded from the exact share, so
the shares of one benefit may add up to 99.99 or 100.01. The portal applies the same rounding rule as business
cases' partner splits (``business_cases.money.split_tolerance``): ``n`` shares may add up to 100 give or take
0.005 × ``n`` (two shares: 99.99 to 100.01); outside that the attribution is refused.

The shares are stored as the source states them. Wherever an amount is shared out (an organisation's planned or
actual share, the dashboard's tallies, the double-counting check), the **rounding residue** (100 less the sum) is
added to the **largest share**; when two or more shares are equally the largest, to the one whose organisation
comes first by name (then by id). So the organisations' amounts always add up exactly to the whole.

A share is given as ``(key, name, percent)``: the organisation's id (or the organisation), its name, its percent.
"""

from decimal import ROUND_HALF_UP, Decimal

from business_cases.money import MoneyError, check_split, split_tolerance

HUNDRED = Decimal(100)
PENNY = Decimal("0.01")


def _plain(number):
    return f"{Decimal(number).normalize():f}"


def attribution_error(percents):
    """Why a benefit's shares are wrong, or None. None given is allowed (not yet attributed); otherwise every
    share is above 0 and at most 100, and together they add up to 100 within the rounding rule."""
    percents = [Decimal(p) for p in percents]
    if not percents:
        return None
    if any(p <= 0 or p > HUNDRED for p in percents):
        return "Each organisation's share must be more than 0% and at most 100%."
    try:
        check_split(percents, what="The shares")
    except MoneyError:
        allowed = split_tolerance(len(percents))
        total = sum(percents, Decimal(0))
        return (f"The shares must add up to 100%; they add up to {_plain(total)}%. Each is given to two decimal "
                "places, so "
                f"{len(percents)} share{'s' if len(percents) != 1 else ''} may add up to anything from "
                f"{_plain(HUNDRED - allowed)}% to {_plain(HUNDRED + allowed)}% (0.005% a share), no more.")
    return None


def residue(shares):
    """100 less the sum of the shares (0 when they add up to exactly 100, or when there are none)."""
    shares = list(shares)
    return HUNDRED - sum((Decimal(p) for _, _, p in shares), Decimal(0)) if shares else Decimal(0)


def residue_holder(shares):
    """The share that takes the rounding residue: the largest; among equals, the organisation first by name, then
    by key. None when there are no shares."""
    shares = list(shares)
    if not shares:
        return None
    return min(shares, key=lambda share: (-Decimal(share[2]), str(share[1]).casefold(), str(share[0])))


def effective_percents(shares):
    """``{key: percent}``: the stated percents, with the rounding residue added to the largest share, so that
    they add up to exactly 100."""
    shares = list(shares)
    percents = {key: Decimal(percent) for key, _, percent in shares}
    holder = residue_holder(shares)
    if holder is not None:
        percents[holder[0]] += residue(shares)
    return percents


def split_amount(amount, shares):
    """``{key: amount}``: each share's part of ``amount`` to the penny (half up), computed from the effective
    percents; the pennies left over by rounding go to the share that takes the residue, so the parts add up
    exactly to ``amount``. None for every share when ``amount`` is None."""
    shares = list(shares)
    if amount is None:
        return {key: None for key, _, _ in shares}
    amount = Decimal(amount)
    percents = effective_percents(shares)
    parts = {key: (amount * percent / HUNDRED).quantize(PENNY, rounding=ROUND_HALF_UP)
             for key, percent in percents.items()}
    holder = residue_holder(shares)
    if holder is not None:
        parts[holder[0]] += amount - sum(parts.values(), Decimal(0))
    return parts


def residue_note(shares):
    """What the benefit's page shows when the shares do not add up to exactly 100: ``Shares add to 99.99%: 0.01%
    rounding residue assigned to Leicester City Council, the largest share.``; "" when they do."""
    shares = list(shares)
    left = residue(shares)
    if not shares or left == 0:
        return ""
    total = HUNDRED - left
    return (f"Shares add to {_plain(total)}%: {_plain(left)}% rounding residue assigned to "
            f"{residue_holder(shares)[1]}, the largest share.")
