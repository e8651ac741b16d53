"""The plan as .xlsx and CSV through ``core.exports``: one sheet (one CSV) of one row per item, dependencies by
reference, each item followed by the external dependencies it waits for (README "The Programme Plan", Exchange).

An external dependency's row is told apart by its Kind ("External: A national decision"); its Ref is ``EXT-<id>``,
its Owner the person or body outside the programme, its Forecast date the due date, its Actual date the day it was
met, its "Needed by" the Ref of the item that waits for it and its Description the note. ``plan.imports`` reads the
same layout back.
"""

from core.exports import Column, user_name
from plan.models import ExternalDependency

EXTERNAL_REF = "EXT-"
EXTERNAL_KIND = "External: "


def external_ref(external):
    return f"{EXTERNAL_REF}{external.pk}"


def link_text(ref, type_label, lag_days):
    """One dependency as "Waits for" writes it: "PI-0003 (finish to start, lag 5 days)"."""
    return f"{ref} ({type_label.lower()}" + (f", lag {lag_days} days)" if lag_days else ")")


def waits_for(item):
    return "; ".join(link_text(link.predecessor.ref, link.get_type_display(), link.lag_days)
                     for link in item.predecessor_links.all())


def rows(items):
    """Each item of ``items`` (with ``predecessor_links__predecessor`` and ``external_dependencies`` prefetched),
    then its external dependencies."""
    for item in items:
        yield item
        yield from item.external_dependencies.all()


def _either(on_item, on_external=lambda external: ""):
    return lambda row: on_external(row) if isinstance(row, ExternalDependency) else on_item(row)


def columns(slippage):
    """The register's columns; ``slippage`` ({item id: Push}) gives the pushed-by chain."""
    return [
        Column("Ref", _either(lambda item: item.ref, external_ref), 10),
        Column("Kind", _either(lambda item: item.get_kind_display(),
                               lambda external: EXTERNAL_KIND + external.get_kind_display()), 16),
        Column("Title", lambda row: row.title, 40, wrap=True),
        Column("Level", _either(lambda item: item.get_level_display()), 12),
        Column("Workstream", _either(lambda item: item.workstream.name if item.workstream_id else ""), 22),
        Column("Project", _either(lambda item: item.project.name if item.project_id else ""), 28),
        Column("Stage", _either(lambda item: item.stage.name if item.stage_id else ""), 18),
        Column("Owner", _either(lambda item: user_name(item.owner), lambda external: external.owner), 20),
        Column("Start", _either(lambda item: item.start_date), 12),
        Column("Baseline date", _either(lambda item: item.baseline_date), 13),
        Column("Forecast date", _either(lambda item: item.forecast_date, lambda external: external.due_date), 13),
        Column("Actual date", _either(lambda item: item.actual_date, lambda external: external.met_date), 12),
        Column("Variance (days)", _either(lambda item: item.variance_days), 10),
        Column("Status", _either(lambda item: item.get_status_display()), 12),
        Column("Waits for", _either(waits_for), 40, wrap=True),
        Column("Needed by", _either(lambda item: "", lambda external: external.item.ref), 10),
        Column("Pushed by", _either(lambda item: slippage[item.pk].chain_text if item.pk in slippage else ""), 40,
               wrap=True),
        Column("Outputs and outcomes", _either(lambda item: item.outputs), 40, wrap=True),
        Column("Description", _either(lambda item: item.description, lambda external: external.note), 40, wrap=True),
    ]
