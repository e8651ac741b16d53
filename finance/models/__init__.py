from finance.models.actuals import Actual
from finance.models.budget import BudgetLine, FundingSource, StatedTotal
from finance.models.settings import FinanceSettings

__all__ = ["Actual", "BudgetLine", "FinanceSettings", "FundingSource", "StatedTotal"]
from finance.models.resources import ResourceDemand, ResourcePledge, Skill  # noqa: E402

__all__ += ["ResourceDemand", "ResourcePledge", "Skill"]
