"""A benefit's change log: the benefit, its measurements and its attribution in one list (PID s4.8)."""

from benefits import realisation
from benefits.models import BenefitAttribution, BenefitMeasurement
from core import history


def change_log(benefit, limit=None):
    """``core.history.change_log`` with the benefit's measurements and attribution alongside it."""
    kind = benefit.period_kind

    def rows(model, *related):
        return model.history.filter(benefit_id=benefit.pk).select_related("history_user", *related)

    return history.change_log(benefit, skip={"benefit", "recorded_by"}, also=[
        (BenefitMeasurement, rows(BenefitMeasurement),
         lambda record: f"Measurement {realisation.period_label(record.period, kind)}"),
        (BenefitAttribution, rows(BenefitAttribution, "organisation"),
         lambda record: f"Attribution to {record.organisation.name}"),
    ], limit=limit)
