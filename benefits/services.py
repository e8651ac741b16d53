"""Writes that span a benefit and its rows, and the tenant-wide views of the register (DOMAIN.md s6).

Every write takes the acting user, asks ``core.rules.require`` (403 naming who may), validates every row first and
then saves all of them or none in one transaction. Reads (the double-counting index, the dashboard) cost a
fixed number of queries however many benefits there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from benefits import apportion, realisation
from benefits.choices import FINANCIAL_TYPES, BenefitType, RealisationRag, RealisationStage
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from benefits.models.benefit import DOUBLE_COUNTING
from business_cases.models import BusinessCase, CostShare, MoneyLine
from core import derived, rules
from core.exceptions import WrongState
from programme.models import Project

VALUE_FIELDS = ("planned", "actual", "forecast", "note")


def settings_for(tenant):
    return BenefitSettings.for_tenant(tenant)


# Links and attribution ----------------------------------------------------------------------------------
def check_links(workstream, projects, objectives=None):
    """A benefit's projects belong to its workstream, when it names one; it serves at least one objective."""
    errors = {}
    if objectives is not None and not list(objectives):
        errors["objectives"] = ["Link the benefit to at least one strategic objective (PID s4.3)."]
    if workstream is not None:
        strays = [p.name for p in projects if p.workstream_id != workstream.pk]
        if strays:
            errors["projects"] = [f"Not in the {workstream.name} workstream: {', '.join(strays)}."]
    if errors:
        raise ValidationError(errors)


def attribution_errors(rows):
    """Messages about a whole attribution ``[(organisation, percent)]``: one share per organisation, each in
    (0, 100], together 100 within the rounding rule (``apportion``), or no shares yet."""
    messages = []
    seen = set()
    for organisation, _ in rows:
        if organisation.pk in seen:
            messages.append(f"{organisation.name} is listed more than once.")
        seen.add(organisation.pk)
    problem = realisation.attribution_error([percent for _, percent in rows])
    if problem:
        messages.append(problem)
    return messages


def set_attributions(benefit, rows):
    """Replace the benefit's attribution with ``rows`` (``[(organisation, percent)]``), or refuse them all."""
    messages = attribution_errors(rows)
    if messages:
        raise ValidationError({"attributions": messages})
    with transaction.atomic():
        existing = {a.organisation_id: a for a in benefit.attributions.all()}
        wanted = {organisation.pk: (organisation, Decimal(percent)) for organisation, percent in rows}
        for organisation_id, attribution in existing.items():
            if organisation_id not in wanted:
                attribution.delete()
        for organisation_id, (organisation, percent) in wanted.items():
            attribution = existing.get(organisation_id)
            if attribution is None:
                BenefitAttribution(benefit=benefit, organisation=organisation, percent=percent).save()
            elif attribution.percent != percent:
                attribution.percent = percent
                attribution.save()


# Measurements -------------------------------------------------------------------------------------------
class MeasurementErrors(ValidationError):
    """Errors of a batch of measurements by position: ``{index: {field: [messages]}}``."""

    def __init__(self, by_index):
        self.by_index = by_index
        super().__init__([f"Item {index + 1}: {field}: {' '.join(messages)}"
                          for index, problems in sorted(by_index.items())
                          for field, messages in problems.items()])


def build_measurements(benefit, rows, replace=False):
    """Validated, unsaved measurements for ``rows`` (dicts of period, planned, actual, forecast, note).

    A period may appear once in a batch. Without ``replace`` a period already recorded is refused (the API's
    POST creates); with it the recorded row is updated with the values given (the form and the import).
    Raises ``MeasurementErrors`` naming every bad row; returns the measurements otherwise."""
    existing = {m.period: m for m in benefit.measurements.all()}
    first_seen, errors, built = {}, {}, []
    for index, row in enumerate(rows):
        problems = {}
        period = row.get("period")
        label = realisation.period_label(period, benefit.period_kind) if period else ""
        if period in first_seen:
            problems["period"] = [f"{label} ({period.isoformat()}) is given twice, in items {first_seen[period] + 1} "
                                  f"and {index + 1}."]
        elif period in existing and not replace:
            problems["period"] = [f"{label} ({period.isoformat()}) is already recorded; change it with "
                                  "PATCH measurements/<period>/ or the benefit's page."]
        first_seen.setdefault(period, index)
        measurement = existing.get(period) if replace else None
        if measurement is None:
            measurement = BenefitMeasurement(tenant_id=benefit.tenant_id, benefit=benefit, period=period)
        for name in VALUE_FIELDS:
            if name in row:
                setattr(measurement, name, row[name] if name != "note" else (row[name] or ""))
        if not problems:
            try:
                measurement.full_clean(exclude=["tenant", "benefit"], validate_unique=False,
                                       validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    problems.setdefault("non_field_errors" if name == "__all__" else name, []).extend(messages)
        if problems:
            errors[index] = problems
        built.append(measurement)
    if errors:
        raise MeasurementErrors(errors)
    return built


def record_measurements(benefit, user, rows, replace=False, reason=""):
    """Check ``user`` may edit the benefit, validate every row, then save all of them or none, and refresh
    the benefit's position. Returns the saved measurements."""
    rules.require(user, benefit.perm("edit"), benefit)
    if benefit.archived:
        raise WrongState(f"{benefit.ref} is archived: its measurements can no longer change.")
    with transaction.atomic():
        locked = Benefit.objects.select_for_update(of=("self",)).get(pk=benefit.pk)
        measurements = build_measurements(locked, rows, replace=replace)
        for measurement in measurements:
            measurement.recorded_by = user
            measurement._history_user = user
            if reason:
                measurement._change_reason = reason
            measurement.save()
        benefit.refresh_position()
    return measurements


# Handing benefits over when a workstream or project closes (PID s3.6) ---------------------------------------
def benefits_to_hand_over(target):
    """The benefits a closing workstream or project (``target``) must hand to a new owner: those it holds (its
    derived scope) that are live and not yet embedded, oldest first."""
    found = Benefit.objects.filter(archived=False).exclude(stage=RealisationStage.EMBEDDED)
    found = found.filter(scope_project=target) if isinstance(target, Project) else found.filter(scope_workstream=target)
    return list(found.order_by("pk"))


def find_benefit(pk):
    """The active partnership's benefit ``pk``, or None."""
    try:
        return Benefit.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def hand_over(benefit, owner, user, reason):
    """Record ``owner`` as the benefit's owner, with ``user`` and ``reason`` in its history. The caller (closing the
    workstream or project) has checked that ``user`` may."""
    benefit.owner = owner
    benefit._history_user = user
    benefit._change_reason = reason  # cut to the history's column by core.history.fit_reason
    benefit.save()
    return benefit


# Double counting ----------------------------------------------------------------------------------------
def case_savings_by_organisation(case_ids):
    """``{case id: {organisation id: savings}}``: each case's savings lines (all years and phases) shared by
    its cost split for the whole case (shares without a phase; a phase's split shares that phase's cost only),
    which seed 004 (Table 9) makes "on the basis of the potential financial benefits"; an organisation listed
    twice (two points of access) gets the sum of its shares. A case without a whole-case split is absent."""
    if not case_ids:
        return {}
    savings = dict(MoneyLine.objects.filter(case_id__in=case_ids, kind="saving").values("case_id")
                   .annotate(total=Sum("amount")).values_list("case_id", "total"))
    shares = defaultdict(dict)
    for case_id, organisation_id, percent in (
        CostShare.objects.filter(case_id__in=case_ids, phase__isnull=True).values("case_id", "organisation_id")
        .annotate(percent=Sum("percent")).values_list("case_id", "organisation_id", "percent")
    ):
        shares[case_id][organisation_id] = Decimal(savings.get(case_id) or 0) * Decimal(percent) / 100
    return dict(shares)


@dataclass
class DoubleCounting:
    several: dict = field(default_factory=dict)  # benefit id -> case ids
    over_claims: list = field(default_factory=list)  # realisation.OverClaim
    case_refs: dict = field(default_factory=dict)
    organisation_names: dict = field(default_factory=dict)
    same_savings: dict = field(default_factory=dict)  # benefit id -> the benefit ids claiming the same savings
    benefit_refs: dict = field(default_factory=dict)

    def flagged_ids(self):
        return set(self.several) | set(self.same_savings) | {pk for over in self.over_claims for pk in over.benefit_ids}

    def flagged(self, benefit_id):
        return (benefit_id in self.several or benefit_id in self.same_savings
                or any(benefit_id in o.benefit_ids for o in self.over_claims))

    def reasons(self, benefit_id):
        reasons = []
        if benefit_id in self.several:
            refs = ", ".join(self.case_refs.get(case, str(case)) for case in self.several[benefit_id])
            reasons.append(f"Claimed by {len(self.several[benefit_id])} business cases: {refs}.")
        if benefit_id in self.same_savings:
            refs = ", ".join(self.benefit_refs.get(pk, str(pk)) for pk in self.same_savings[benefit_id])
            reasons.append(f"Claims the same savings as {refs}, of another business case (same type, measure and "
                           "organisation, overlapping periods, the same amount or a similar title).")
        for over in self.over_claims:
            if benefit_id in over.benefit_ids:
                name = self.organisation_names.get(over.organisation_id, str(over.organisation_id))
                reasons.append(
                    f"Savings attributed to {name} across benefits (£{over.claimed:,.2f}) exceed the "
                    f"£{over.delivered:,.2f} "
                    "its business cases deliver for it."
                )
        return reasons


def double_counting(settings=None):
    """The active tenant's double counting (``realisation.double_counting`` states the rules) over its live
    benefits, cached against the partnership's version of its inputs (``core.derived``; ``benefits.apps`` watches
    them): one query while nothing changed, a fixed number when something did. ``settings`` saves a query then."""
    return derived.cached(DOUBLE_COUNTING, lambda: _double_counting(settings))


def _double_counting(settings=None):
    from core.models import Organisation

    live = Benefit.objects.live()
    linked = live.filter(business_cases__isnull=False)
    # One row per link, with what a claim needs of its benefit: no list of ids sent back to the database.
    links, claimed = defaultdict(list), {}
    for pk, case_id, *facts in linked.order_by("number").values_list(
            "pk", "business_cases", "type", "planned_total", "target", "unit", "profile_start", "profile_end",
            "title"):
        links[pk].append(case_id)
        claimed[pk] = facts
    shares = defaultdict(list)
    for benefit_id, organisation_id, name, percent in BenefitAttribution.objects.filter(
        benefit__in=linked.filter(type=BenefitType.CASHABLE).values("pk"),
    ).order_by().values_list("benefit_id", "organisation_id", "organisation__name", "percent"):
        shares[benefit_id].append((organisation_id, name, percent))
    # The rounding residue of a benefit's shares goes to its largest share, so its organisations claim it whole.
    percents = {pk: apportion.effective_percents(rows) for pk, rows in shares.items()}
    # Every linked benefit can be claimed twice (rules 1 and 2); only cashable ones carry savings to reconcile.
    claims = [
        realisation.Claim(pk, planned_total if planned_total is not None else (target or Decimal(0)),
                          percents.get(pk, {}) if kind == BenefitType.CASHABLE else {}, tuple(set(links[pk])),
                          kind=kind, unit=unit, start=start, end=end, title=title)
        for pk, (kind, planned_total, target, unit, start, end, title) in claimed.items()
    ]
    case_ids = sorted({case for cases in links.values() for case in cases})
    tolerance = (settings or settings_for_current()).double_counting_tolerance
    several, twins, over = realisation.double_counting(claims, case_savings_by_organisation(case_ids), tolerance)
    result = DoubleCounting(several=several, over_claims=over, same_savings=twins)
    if several:
        result.case_refs = dict(BusinessCase.objects.filter(pk__in=case_ids).values_list("pk", "ref"))
    if twins:
        result.benefit_refs = dict(Benefit.objects.filter(pk__in=list(twins)).values_list("pk", "ref"))
    if over:
        result.organisation_names = dict(
            Organisation.objects.filter(pk__in=[o.organisation_id for o in over]).values_list("pk", "name"))
    return result


def settings_for_current():
    from core.tenancy import get_current_tenant

    return settings_for(get_current_tenant())


# The dashboard ------------------------------------------------------------------------------------------
@dataclass
class Tally:
    """One row of the dashboard: the benefits of an objective or the shares of an organisation."""

    key: object
    label: str
    benefits: int = 0
    rags: dict = field(default_factory=lambda: {rag.value: 0 for rag in RealisationRag})
    planned_total: Decimal = Decimal(0)
    planned_to_date: Decimal = Decimal(0)
    actual_to_date: Decimal = Decimal(0)

    @property
    def percent(self):
        return realisation.realisation_percent(self.actual_to_date, self.planned_to_date)

    def add(self, benefit, rag, share=Decimal(100)):
        self.benefits += 1
        self.rags[rag] += 1
        if benefit.type in FINANCIAL_TYPES:
            factor = Decimal(share) / 100
            self.planned_total += (benefit.planned_total or 0) * factor
            self.planned_to_date += (benefit.planned_to_date or 0) * factor
            self.actual_to_date += (benefit.actual_to_date or 0) * factor


@dataclass(frozen=True)
class Share:
    """An organisation's attributed percentage of a benefit, as ``attach_links`` reads it."""

    organisation: object
    percent: Decimal


def effective_shares(attributions):
    """``{organisation id: percent}`` of a benefit's attributions (or ``Share``s), the rounding residue given to the
    largest share (``apportion``)."""
    return apportion.effective_percents([(a.organisation.pk, a.organisation.name, a.percent) for a in attributions])


def attach_links(benefits, objectives=None, source=None):
    """Give each of ``benefits`` an ``objective_list`` and a ``share_list`` (its objectives and attribution) in
    two queries whatever their number. Prefetching would build a queryset per benefit, which costs more than the
    rows themselves for a whole register (the dashboard reads every live benefit). ``source``, the queryset the
    benefits came from, lets the database select the links itself instead of receiving every id."""
    from core.models import Organisation
    from programme.models import Objective

    by_pk = {benefit.pk: benefit for benefit in benefits}
    for benefit in benefits:
        benefit.objective_list, benefit.share_list = [], []
    if not by_pk:
        return benefits
    objectives = {o.pk: o for o in (objectives if objectives is not None else Objective.objects.all())}
    ids = source.values("pk") if source is not None else list(by_pk)
    links = Benefit.objectives.through.objects.filter(benefit_id__in=ids).order_by()
    for benefit_id, objective_id in links.values_list("benefit_id", "objective_id"):
        objective = objectives.get(objective_id)
        if objective is not None:
            by_pk[benefit_id].objective_list.append(objective)
    organisations = {o.pk: o for o in Organisation.objects.all()}
    shares = BenefitAttribution.objects.filter(benefit_id__in=ids).order_by()
    for benefit_id, organisation_id, percent in shares.values_list("benefit_id", "organisation_id", "percent"):
        by_pk[benefit_id].share_list.append(Share(organisations[organisation_id], percent))
    for benefit in benefits:
        benefit.share_list.sort(key=lambda share: (-share.percent, share.organisation.name))
    return benefits


def dashboard(benefits, objectives, thresholds):
    """Realisation by objective and by organisation from ``benefits`` (with ``objectives`` and
    ``attributions__organisation`` prefetched, or their lists attached by ``attach_links``). Money sums cover
    financial benefits only (in pounds); a benefit serving two objectives counts towards both; an organisation
    gets its attributed share (the rounding residue of a benefit's shares given to its largest share)."""
    by_objective = {o.pk: Tally(o, f"{o.code} {o.title}") for o in objectives}
    by_organisation = {}
    for benefit in benefits:
        rag = realisation.rag(benefit.actual_to_date, benefit.planned_to_date, thresholds)
        linked = getattr(benefit, "objective_list", None)
        for objective in benefit.objectives.all() if linked is None else linked:
            if objective.pk not in by_objective:  # not setdefault: a Tally is built only when one is missing
                by_objective[objective.pk] = Tally(objective, f"{objective.code} {objective.title}")
            by_objective[objective.pk].add(benefit, rag)
        shares = getattr(benefit, "share_list", None)
        attributions = list(benefit.attributions.all() if shares is None else shares)
        effective = effective_shares(attributions)
        for attribution in attributions:
            organisation = attribution.organisation
            if organisation.pk not in by_organisation:
                by_organisation[organisation.pk] = Tally(organisation, organisation.name)
            by_organisation[organisation.pk].add(benefit, rag, effective[organisation.pk])
    organisations = sorted(by_organisation.values(), key=lambda t: (-t.planned_total, t.label))
    return list(by_objective.values()), organisations
