from .baf import BafEntry, BoardAssuranceFramework
from .issue import Issue, IssueEscalation
from .moves import RiskMove
from .register import RegisterCounter, allocate_number, bump_to_at_least
from .risk import MitigationAction, Risk
from .settings import RiskSettings

__all__ = [
    "BafEntry", "BoardAssuranceFramework", "Issue", "IssueEscalation", "MitigationAction", "RegisterCounter",
    "Risk", "RiskMove", "RiskSettings", "allocate_number", "bump_to_at_least",
]
