"""The programme's own lifecycle (PID s3.3, s3.6, s4.5, s4.6; Appendix 3 and 8).

- ``LifecycleAction``: every Appendix 3 process performed (R) or decided (A), with who, what, when;
- ``EndOfStageReport``: the Programme Director's report at the end of a stage, approved by the Delivery
  Board and then the Partnership Board before the next stage starts;
- ``WorkstreamLifecycle``: a workstream's start and close ("start/close workstreams and projects");
- ``ProgrammeClosure``: closure report, post-implementation review, redeployment, approval, disbanding;
- ``EqualityImpactAssessment`` and its ``EiaCharacteristic`` rows (s4.6);
- ``QualityCriterion`` and ``QualityReview`` (s4.5): acceptance criteria reviewed by the Clinical Reference
  Group or the Clinical Senate against the six dimensions and the five NHS Outcomes Framework domains;
- ``Lesson``: the lessons learned log (s3.6).
"""

from lifecycle.choices import (
    ActionKind,
    ClosureStatus,
    Decision,
    EiaStatus,
    Impact,
    ProtectedCharacteristic,
    QualityOutcome,
    QualityReviewer,
    ReportStatus,
    WorkstreamStatus,
)

from .actions import Lesson, LifecycleAction
from .assurance import EiaCharacteristic, EqualityImpactAssessment, QualityCriterion, QualityReview
from .fields import user_field
from .stages import EndOfStageReport, ProgrammeClosure, WorkstreamLifecycle

# The choices live in lifecycle.choices; named here too for code that imported them with the models.
__all__ = [
    "ActionKind", "ClosureStatus", "Decision", "EiaCharacteristic", "EiaStatus", "EndOfStageReport",
    "EqualityImpactAssessment", "Impact", "Lesson", "LifecycleAction", "ProgrammeClosure", "ProtectedCharacteristic",
    "QualityCriterion", "QualityOutcome", "QualityReview", "QualityReviewer", "ReportStatus", "WorkstreamLifecycle",
    "WorkstreamStatus", "user_field",
]
