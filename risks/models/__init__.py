from .baf import BafEntry, BoardAssuranceFramework
from .issue import Issue, IssueEscalation
from .layouts import RiskImportLayout
from .moves import RiskMove
from .risk import MitigationAction, Risk
from .settings import RiskSettings

__all__ = [
    "BafEntry", "BoardAssuranceFramework", "Issue", "IssueEscalation", "MitigationAction", "Risk", "RiskMove",
    "RiskImportLayout", "RiskSettings",
]
