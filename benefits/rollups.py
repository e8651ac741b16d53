"""The realisation roll-ups of the benefits dashboard (DOMAIN.md s6): actual against plan by strategic objective and
by partner organisation, their charts, the targets that differ from their profile and the names of every live
benefit the reader may see, computed over the whole partnership and cached against the partnership's version of
their inputs (``core.derived``, issue 20): one query while nothing changed, instead of reading and tallying every
live benefit with its objectives and shares on every request.

Inputs (watched in ``benefits.apps``): benefits (their stored position is written by ``Benefit.refresh_position`` and
their scope by ``Benefit.sync_scope``, both without a signal, so both bump the version), their measurements,
attributions and objectives, the partnership's benefits settings (the RAG thresholds), the strategic objectives and
the partner organisations (the labels). A reader sees only the benefits ``benefits.rules.visible_q`` lets them, so
the value is kept per visibility condition: the condition's text (levels, places, the user for what they own) is
part of the cache key, and two readers with the same condition share one value.
"""

import hashlib
from dataclasses import dataclass

from benefits import charts, figures, services
from benefits.models import Benefit
from benefits.models.benefit import REALISATION
from benefits.rules import visible_q
from core import derived

FIELDS = ("pk", "tenant_id", "ref", "title", "type", "unit", "target", "planned_total", "planned_to_date",
          "actual_to_date")


@dataclass(frozen=True)
class Named:
    """A benefit as the dashboard names it (its link)."""

    pk: int
    ref: str
    title: str


@dataclass
class Realisation:
    objectives: list  # services.Tally per strategic objective
    organisations: list  # services.Tally per partner organisation, largest planned total first
    objective_figure: figures.Figure
    organisation_figure: figures.Figure
    named: dict  # benefit id -> Named, every live benefit the reader may see
    target_differs: list  # [(Named, note)]


def target_note(benefit):
    """``Target £913,528 differs from the profile's total £913,530 by £2.``, or "" when they agree."""
    difference = benefit.profile_difference
    if difference is None:
        return ""
    unit = benefit.unit or ""
    return (f"Target {charts.format_value(benefit.target, unit)} differs from the profile's total "
            f"{charts.format_value(benefit.planned_total, unit)} by {charts.format_value(abs(difference), unit)}.")


def realisation(user, settings):
    """The roll-ups over the live benefits ``user`` may see, cached (see the module's note)."""
    condition = visible_q(user)
    variant = hashlib.sha256(str(condition).encode()).hexdigest()[:32]
    return derived.cached(REALISATION, lambda: compute(Benefit.objects.filter(condition), settings),
                          variant=variant)


def compute(benefits, settings):
    """The roll-ups over the live benefits of ``benefits`` (a queryset), uncached."""
    from programme.models import Objective

    all_objectives = list(Objective.objects.all())
    # Only the columns the tallies and the warnings read; links attached in two queries for every benefit.
    live = benefits.live()
    rows = services.attach_links(list(live.only(*FIELDS)), all_objectives, source=live)
    objectives, organisations = services.dashboard(rows, all_objectives, settings.thresholds)
    named = {b.pk: Named(b.pk, b.ref, b.title) for b in rows}
    return Realisation(
        objectives=objectives, organisations=organisations,
        objective_figure=figures.tally_figure(objectives, "Realisation by strategic objective", "objective",
                                              "objective-chart"),
        organisation_figure=figures.tally_figure(organisations, "Realisation by partner organisation",
                                                 "organisation", "organisation-chart"),
        named=named,
        target_differs=[(named[b.pk], target_note(b)) for b in rows if b.target_differs_from_profile],
    )
