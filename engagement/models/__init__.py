from engagement.models.activities import (
    EffectivenessMeasure,
    EngagementActivity,
    EngagementObjective,
    EngagementResponse,
    MeasureActual,
)
from engagement.models.consultation import FourTest, ServiceChange, TestEvidence
from engagement.models.stakeholders import PERSONAL_FIELDS, Stakeholder

__all__ = [
    "PERSONAL_FIELDS", "EffectivenessMeasure", "EngagementActivity", "EngagementObjective", "EngagementResponse",
    "FourTest", "MeasureActual", "ServiceChange", "Stakeholder", "TestEvidence",
]
