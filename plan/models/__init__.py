from plan.models.baselines import Baseline, BaselineEntry
from plan.models.dependencies import ExternalDependency, PlanDependency
from plan.models.items import PlanItem
from plan.models.settings import PlanSettings

__all__ = ["Baseline", "BaselineEntry", "ExternalDependency", "PlanDependency", "PlanItem", "PlanSettings"]
