"""What programme finance puts in a board pack, registered in ``core.registry`` (found by ``autodiscover_modules``).

Section "Allocation of resource: budget, actual and forecast" (the Delivery and Partnership Boards' standing item,
PID s3.4.2; the Partnership Board reviews the resource partners own, s5.1): the programme's budget against actual
spend and forecast outturn by workstream and by partner organisation, each as a chart with its table, and the
largest variances by project, with the finance RAG and its rule. Figures are as at the meeting's date.

The business case pipeline (``business_cases.pack_sections``, "Allocation of resource: the business case
pipeline") stays beside it: what is committed and asked for, where this section is what is budgeted and spent.
"""

from core import registry
from finance import charts, figures, summary
from finance.models import FinanceSettings
from programme.choices import BodyKind

BOARDS = frozenset({BodyKind.DELIVERY_BOARD, BodyKind.PARTNERSHIP_BOARD})
LARGEST = 5


def finance_section(ctx):
    cells = figures.cells(today=ctx.meeting.date)
    if not cells:
        return None
    settings = FinanceSettings.for_tenant(ctx.tenant)

    def by(key):
        return summary.build(key, cells=cells, settings=settings)

    total = by("programme")
    return {
        "settings": settings, "total": total[0] if total else None, "as_at": ctx.meeting.date,
        "workstreams": charts.figure(by("workstream"), "Budget, actual and forecast by workstream",
                                           "workstream", "pack-finance-workstreams"),
        "partners": charts.figure(by("partner"), "Budget, actual and forecast by partner", "partner",
                                        "pack-finance-partners"),
        "largest": figures.largest_variances(by("project"), LARGEST),
    }


registry.register_section("finance", "Allocation of resource: budget, actual and forecast", 44,
                          "finance/pack_section.html", finance_section, bodies=BOARDS)
