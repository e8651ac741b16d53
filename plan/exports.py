"""The plan as .xlsx and CSV through ``core.exports``: one row per item, dependencies by reference."""

from core.exports import Column, user_name


def _waits_for(item):
    parts = [f"{link.predecessor.ref} ({link.get_type_display().lower()}"
             + (f", lag {link.lag_days} days)" if link.lag_days else ")") for link in item.predecessor_links.all()]
    parts += [f"External: {dep.title} ({dep.owner}, due {dep.due_date:%d/%m/%Y})"
              for dep in item.external_dependencies.all()]
    return "; ".join(parts)


def columns(slippage):
    """The register's columns; ``slippage`` ({item id: Push}) gives the pushed-by chain."""
    return [
        Column("Ref", lambda item: item.ref, 10),
        Column("Kind", lambda item: item.get_kind_display(), 13),
        Column("Title", lambda item: item.title, 40, wrap=True),
        Column("Level", lambda item: item.get_level_display(), 12),
        Column("Workstream", lambda item: item.workstream.name if item.workstream_id else "", 22),
        Column("Project", lambda item: item.project.name if item.project_id else "", 28),
        Column("Stage", lambda item: item.stage.name if item.stage_id else "", 18),
        Column("Owner", lambda item: user_name(item.owner), 20),
        Column("Start", lambda item: item.start_date, 12),
        Column("Baseline date", lambda item: item.baseline_date, 13),
        Column("Forecast date", lambda item: item.forecast_date, 13),
        Column("Actual date", lambda item: item.actual_date, 12),
        Column("Variance (days)", lambda item: item.variance_days, 10),
        Column("Status", lambda item: item.get_status_display(), 12),
        Column("Waits for", _waits_for, 40, wrap=True),
        Column("Pushed by", lambda item: slippage[item.pk].chain_text if item.pk in slippage else "", 40, wrap=True),
        Column("Outputs and outcomes", lambda item: item.outputs, 40, wrap=True),
    ]
