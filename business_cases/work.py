"""What briefs and business cases put on "My work" and on the workstream and project pages (``core.registry``,
found by ``autodiscover_modules("work")``).

- My work: the briefs and cases awaiting the person's decision (or recommendation), as their inbox asks them
  (``core.notifications.awaiting``: whoever ``notify_deciders`` asked, until the decision settles it);
- the place panel: the cases of a project, or of a workstream's projects, that the user may read.
"""

from django.db.models import Count, Q
from django.urls import reverse

from business_cases.choices import AWAITING_A_BOARD, BriefStatus, CaseStatus, DocumentType
from business_cases.filtersets import BusinessCaseFilterSet
from business_cases.models import Brief, BusinessCase
from business_cases.services import BRIEF_AWAITING, CASE_AWAITING
from core import notifications, registry

CASE_COLOURS = {CaseStatus.DRAFT: "grey", CaseStatus.SUBMITTED: "blue", CaseStatus.RECOMMENDED: "purple",
                CaseStatus.APPROVED: "green", CaseStatus.REJECTED: "red", CaseStatus.WITHDRAWN: "grey"}
PANEL_ROWS = 5


def decisions(user):
    briefs = (notifications.awaiting(user, Brief, [BRIEF_AWAITING]).filter(status=BriefStatus.SUBMITTED)
              .select_related("workstream").order_by("submitted_at", "pk"))
    cases = (notifications.awaiting(user, BusinessCase, [CASE_AWAITING]).filter(status__in=AWAITING_A_BOARD)
             .select_related("project__workstream").order_by("number"))
    items = [registry.WorkItem(f"Brief: {brief.title}", reverse("business_cases:brief", args=[brief.pk]),
                               "Brief to decide", place=str(brief.workstream or "New workstream"))
             for brief in briefs]
    items += [registry.WorkItem(
        f"{case} ({case.document_type.upper()})", reverse("business_cases:detail", args=[case.pk]),
        "Case to recommend" if case.status == CaseStatus.SUBMITTED and case.document_type != DocumentType.RFF
        else "Case to decide", place=str(case.project)) for case in cases]
    return items


def cases_panel(place, user):
    cases = registry.at_place(BusinessCaseFilterSet, place, BusinessCase.objects.visible_to(user))
    counts = cases.aggregate(total=Count("pk"), awaiting=Count("pk", filter=Q(status__in=AWAITING_A_BOARD)),
                             approved=Count("pk", filter=Q(status=CaseStatus.APPROVED)))
    rows = [registry.PanelRow(case.ref, case.title, reverse("business_cases:detail", args=[case.pk]),
                              case.get_status_display(), CASE_COLOURS.get(case.status, "grey"),
                              f"{case.document_type.upper()}, £{case.value:,.0f}")
            for case in cases.order_by("-number")[:PANEL_ROWS]]
    return registry.panel(
        rows, counts["total"], reverse("business_cases:pipeline") + registry.place_filter(place),
        "No business cases yet.", [("Awaiting a board", counts["awaiting"]), ("Approved", counts["approved"])])


registry.register_work("business_cases", "Briefs and business cases awaiting your decision", decisions, order=10)
registry.register_place_panel("business_cases", "Business cases", 50, cases_panel, "core/place_panel.html")
