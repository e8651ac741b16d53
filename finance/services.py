"""Programme finance's steps: budget lines (a case's approved money profile becomes the project's baseline; an
approved change request with a cost impact adds an adjusting line), and actual spend recorded one or many at a time,
all or nothing.

Each step takes the acting user, checks the user may (``core.rules.require``: ``PermissionRefused``) and the input
(``ValidationError`` naming the field, or the item and field of a batch) before anything is saved, and runs in one
transaction, so a refused step changes nothing. Nothing here imports DRF.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from business_cases import money
from business_cases.choices import Funding, MoneyKind
from change_control.choices import Decision
from core import rules
from core.tenancy import get_current_tenant
from finance.choices import FundingKind, Level, SpendKind
from finance.models import Actual, BudgetLine, FundingSource
from finance.rules import ADD_ACTUAL, ADD_LINE, CHANGE_ACTUAL, CHANGE_LINE

LINE_FIELDS = ("level", "workstream", "project", "funding_source", "financial_year", "quarter", "phase",
               "spend_kind", "amount", "reduces", "description", "source_note")
ACTUAL_FIELDS = ("project", "organisation", "month", "spend_kind", "amount", "reference")
SPEND_OF_FUNDING = {Funding.CAPITAL: SpendKind.CAPITAL, Funding.REVENUE: SpendKind.REVENUE,
                    Funding.NOT_STATED: SpendKind.NOT_STATED}
PENNY = Decimal("0.01")


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


# Budget lines ---------------------------------------------------------------------------------------------------

def create_line(user, **values):
    with transaction.atomic():
        line = BudgetLine(tenant=get_current_tenant(), **{k: v for k, v in values.items() if k in LINE_FIELDS})
        line.sync_place()
        rules.require(user, ADD_LINE, line, verb="add a budget line to")
        line.full_clean(exclude=["tenant"])
        _save(line, user, "Budget line added")
        return line


def update_line(line, user, **values):
    with transaction.atomic():
        line = BudgetLine.objects.select_for_update(of=("self",)).get(pk=line.pk)
        rules.require(user, CHANGE_LINE, line, verb="change")
        for name in LINE_FIELDS:
            if name in values:
                setattr(line, name, values[name])
        line.sync_place()
        line.full_clean(exclude=["tenant"])
        rules.require(user, CHANGE_LINE, line, verb="change")
        _save(line, user, "Budget line changed")
        return line


def split_amount(amount, weights):
    """``amount`` shared as ``weights`` ({key: weight}) are, each part to the penny (half up) and the last taking
    the remainder, so the parts add up exactly to ``amount``."""
    total = sum(weights.values(), Decimal("0"))
    keys = list(weights)
    parts, given = {}, Decimal("0")
    for key in keys[:-1]:
        parts[key] = (amount * weights[key] / total).quantize(PENNY, rounding=ROUND_HALF_UP) if total else Decimal("0")
        given += parts[key]
    parts[keys[-1]] = amount - given
    return parts


def _phase_weights(case):
    """{phase: {organisation: summed percentage}} of the case's per-phase cost shares, in the order given."""
    weights = {}
    for share in case.cost_shares.filter(phase__isnull=False).select_related("organisation").order_by("pk"):
        by_org = weights.setdefault(share.phase, {})
        by_org[share.organisation] = by_org.get(share.organisation, Decimal("0")) + share.percent
    return weights


def _contribution(case, organisation, sources):
    """The partner's contribution to the case's project as a funding source, created if missing."""
    if organisation.pk not in sources:
        name = f"{organisation.name}: {case.project.name} contribution"[:200]
        sources[organisation.pk] = FundingSource.objects.get_or_create(
            tenant_id=case.tenant_id, name=name,
            defaults={"kind": FundingKind.PARTNER_CONTRIBUTION, "organisation": organisation,
                      "notes": f"Its share of each phase's cost, as {case.ref}'s split of the cost gives it."})[0]
    return sources[organisation.pk]


def on_business_case_approved(sender, case, user, **kwargs):
    """The approved case's costs become its project's baseline budget (``core.signals.business_case_approved``),
    replacing the baseline an earlier approval of the case (its OBC) gave. Each cost line keeps its financial year
    and quarter (one the source does not date is budgeted in the financial year of the approval), its phase, and
    its capital, revenue or "not stated". Where the case splits a phase's cost between partners, each line of that
    phase becomes one line per partner organisation (its shares of the phase summed), each to the penny and the
    last taking the remainder so the parts add up exactly, funded by that partner's contribution (created if
    missing)."""
    if case.project_id is None:
        return
    approved_in = money.financial_year_of(timezone.localdate(case.decided_at) if case.decided_at
                                          else timezone.localdate())
    BudgetLine.objects.filter(business_case=case, change_request__isnull=True).delete()
    weights, sources = _phase_weights(case), {}
    note = f"{case.ref} {case.get_document_type_display()} approved: money profile"[:200]
    for cost in case.money_lines.filter(kind=MoneyKind.COST):
        parts = split_amount(cost.amount, weights[cost.phase]) if cost.phase in weights else {None: cost.amount}
        for organisation, amount in parts.items():
            description = (cost.description if organisation is None
                           else f"{cost.description}: {organisation.code}'s share")
            line = BudgetLine(
                tenant_id=case.tenant_id, level=Level.PROJECT, project_id=case.project_id,
                workstream_id=case.project.workstream_id, financial_year=cost.financial_year or approved_in,
                quarter=cost.quarter if cost.financial_year else None, phase=cost.phase,
                spend_kind=SPEND_OF_FUNDING.get(cost.funding, SpendKind.NOT_STATED), amount=amount,
                funding_source=None if organisation is None else _contribution(case, organisation, sources),
                description=description[:200], business_case=case,
                source_note=(note if organisation is None else f"{note} and split between partners")[:200])
            _save(line, user, f"Baseline from {case.ref}")


def on_change_request_decided(sender, change_request, user, **kwargs):
    """An approved change request with a cost impact adds an adjusting budget line, linked to it, where it was
    raised (its project, workstream or the programme), in the financial year of the decision."""
    if change_request.decision != Decision.APPROVE or not change_request.cost_impact:
        return
    level = (Level.PROJECT if change_request.project_id else
             Level.WORKSTREAM if change_request.workstream_id else Level.PROGRAMME)
    decided = timezone.localdate(change_request.decided_at) if change_request.decided_at else timezone.localdate()
    line = BudgetLine(
        tenant_id=change_request.tenant_id, level=level, project_id=change_request.project_id,
        workstream_id=change_request.workstream_id, financial_year=money.financial_year_of(decided),
        amount=abs(change_request.cost_impact), reduces=change_request.cost_impact < 0,
        business_case_id=change_request.business_case_id, change_request=change_request,
        description=f"Adjusted by {change_request.ref}: {change_request.title}"[:200],
        source_note=f"{change_request.ref} approved")
    _save(line, user, f"Adjusted by {change_request.ref}")


# Actuals --------------------------------------------------------------------------------------------------------

def _batch_errors(errors):
    """``{index: {field: [messages]}}`` as one ValidationError naming each item and field."""
    return ValidationError({f"items[{index}].{name}": messages
                            for index, fields in sorted(errors.items()) for name, messages in fields.items()})


@dataclass(frozen=True)
class Batch:
    """How ``record_batch`` records one kind of row: the model and the fields an item may give, the key a row is
    found again by (its first part the field ``scope`` names, which selects the rows to look in), the message for an
    item repeating an earlier one's key, the fields a correction copies, the permissions to add and to change, and
    the history's reasons."""

    model: type
    fields: tuple
    key: object  # obj -> tuple
    scope: str
    repeated: object  # (index of the earlier item, obj) -> {field: [message]}
    copies: tuple
    add: str
    change: str
    added: str
    corrected: str
    empty: str
    exclude: tuple = ("tenant",)
    prepare: object = None  # obj -> None, before validation


def record_batch(user, items, batch):
    """Each of ``items`` (dicts of ``batch.fields``) recorded, all or nothing: a row whose key exists already is
    corrected (its ``copies`` replaced), else added. A bad item is refused as ``items[index].field`` and nothing is
    saved; so is a refusal (``PermissionRefused`` naming the item)."""
    if not items:
        raise ValidationError({"items": [batch.empty]})
    tenant = get_current_tenant()
    errors, prepared, seen = {}, [], {}
    for index, values in enumerate(items):
        obj = batch.model(tenant=tenant, **{k: v for k, v in values.items() if k in batch.fields})
        if batch.prepare:
            batch.prepare(obj)
        try:
            obj.full_clean(exclude=list(batch.exclude), validate_constraints=False)
        except ValidationError as exc:
            errors[index] = exc.message_dict
            continue
        key = batch.key(obj)
        if key in seen:
            errors[index] = batch.repeated(seen[key], obj)
            continue
        seen[key] = index
        prepared.append((index, obj, key))
    if errors:
        raise _batch_errors(errors)
    with transaction.atomic():
        scope = {key[0] for _, _, key in prepared}
        existing = {batch.key(row): row for row in
                    batch.model.objects.select_for_update().filter(**{f"{batch.scope}__in": scope})}
        saved = []
        for index, obj, key in prepared:
            current = existing.get(key)
            if current is not None:
                rules.require(user, batch.change, current, verb=f"change item {index}:")
                for name in batch.copies:
                    setattr(current, name, getattr(obj, name))
                _save(current, user, batch.corrected)
                saved.append(current)
            else:
                rules.require(user, batch.add, obj, verb=f"record item {index}:")
                _save(obj, user, batch.added)
                saved.append(obj)
        return saved


def _first_of_month(actual):
    if actual.month:
        actual.month = actual.month.replace(day=1)


ACTUALS = Batch(
    model=Actual, fields=ACTUAL_FIELDS, scope="project_id",
    key=lambda actual: (actual.project_id, actual.organisation_id, actual.month, actual.spend_kind),
    repeated=lambda earlier, actual: {"month": [
        f"Item {earlier} already gives this organisation's {actual.get_spend_kind_display().lower()} spend on this "
        f"project for {actual.month:%B %Y}."]},
    copies=("amount", "reference"), add=ADD_ACTUAL, change=CHANGE_ACTUAL, added="Actual spend recorded",
    corrected="Actual spend corrected", empty="Give at least one month's spend.", prepare=_first_of_month)


def record_actuals(user, items):
    """Record a month's spend per project and organisation for each of ``items`` (dicts of ``ACTUAL_FIELDS``),
    all or nothing. A month already recorded for the same project, organisation and kind is replaced (a ledger
    extract sent again corrects it). A bad item is refused as ``items[index].field``; nothing is saved."""
    return record_batch(user, items, ACTUALS)
