"""What programme finance puts in a board pack, registered in ``core.registry`` (found by ``autodiscover_modules``).

Section "Allocation of resource: budget, actual and forecast" (the Delivery and Partnership Boards' standing item,
PID s3.4.2; the Partnership Board reviews the resource partners own, s5.1): the programme's budget against actual
spend and forecast outturn by workstream and by partner organisation, each as a chart with its table, and the
largest variances by project, with the finance RAG and its rule. Figures are as at the meeting's date.

It also shows the partners' resource for the meeting's quarter and the next: pledged against demanded WTE by
skill (``finance.capacity``, the capacity page's computation), gaps and over-commitment, as a heat map with its
table. The redeployment register's closure check (``finance.resources.unredeployed``) is registered here too.

The business case pipeline (``business_cases.pack_sections``, "Allocation of resource: the business case
pipeline") stays beside it: what is committed and asked for, where this section is what is budgeted and spent.
"""

from core import registry
from finance import capacity, capacity_chart, charts, figures, quarters, resource_panel, resources, summary
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
        **capacity_figures(ctx.meeting.date),
    }


def capacity_figures(day):
    """Capacity gaps for the quarter of ``day`` and the next (``finance.capacity``: the capacity page's figures)."""
    this = quarters.of(day)
    found = capacity.compute(first=this, last=quarters.following(this), today=day)
    return {"capacity": found, "capacity_figure": capacity_chart.figure(
        found, "Pledged and demanded WTE by skill, this quarter and next", "pack-capacity")}


registry.register_section("finance", "Allocation of resource: budget, actual and forecast", 44,
                          "finance/pack_section.html", finance_section, bodies=BOARDS)
registry.register_closure_check("finance.redeployment", resources.unredeployed, unredeployed=resources.unredeployed)
registry.register_place_panel("finance.resources", "Resource pledges", 70, resource_panel.build,
                              "core/place_panel.html")
