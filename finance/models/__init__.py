from finance.models.actuals import Actual
from finance.models.budget import BudgetLine, FundingSource, StatedTotal
from finance.models.settings import FinanceSettings

__all__ = ["Actual", "BudgetLine", "FinanceSettings", "FundingSource", "StatedTotal"]
