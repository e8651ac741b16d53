from reporting.models.report import HighlightReport
from reporting.models.settings import ReportingSettings

__all__ = ["HighlightReport", "ReportingSettings"]
