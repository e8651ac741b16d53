"""The highlight reports as a bulk feed for Power BI and Excel (``core.feeds``), as the API lists them (the
pre-filled figures, kept as JSON, are left out: the report's own RAGs and commentary are the columns)."""

from core import registry
from core.feeds import person
from reporting.models import HighlightReport


def reports(user):
    return HighlightReport.objects.all()


registry.register_feed("highlight_reports", "Highlight reports", HighlightReport, reports, order=70,
                       extra=(("author_full_name", person("author")), ("workstream_name", "workstream__name"),
                              ("project_name", "project__name")))
