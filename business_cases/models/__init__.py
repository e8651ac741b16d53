from .brief import Brief
from .case import BusinessCase
from .grants import BusinessCaseGroupObjectPermission, BusinessCaseUserObjectPermission
from .money import CostShare, MoneyLine, StatedTotal
from .prior import PriorDecision, PriorOutcome
from .priority import CRITERIA, PrioritisationScore
from .settings import BusinessCaseSettings
from .version import BusinessCaseVersion, ImmutableVersion

__all__ = [
    "CRITERIA", "Brief", "BusinessCase", "BusinessCaseGroupObjectPermission", "BusinessCaseSettings",
    "BusinessCaseUserObjectPermission", "BusinessCaseVersion", "CostShare", "ImmutableVersion", "MoneyLine",
    "PrioritisationScore", "PriorDecision", "PriorOutcome", "StatedTotal",
]
