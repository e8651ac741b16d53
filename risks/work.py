"""What the risk register puts on "My work" and on the workstream and project pages (``core.registry``, found by
``autodiscover_modules("work")``).

- My work: the risk moves (escalations, de-escalations) awaiting the person's acceptance, as their inbox asks them
  (``core.notifications.awaiting``), while still proposed; and the open risks they own whose review is due within
  ``REVIEW_NOTICE`` (or overdue, PID s4.4);
- the place panels: the open risks on a workstream's or project's register, worst first, and its open issues.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core import notifications, registry
from risks.choices import IssuePriority, IssueStatus, Level, MoveStatus, Rag, RiskStatus
from risks.filtersets import IssueFilterSet, RiskFilterSet
from risks.models import Issue, Risk, RiskMove
from risks.services import MOVE_AWAITING
from risks.templatetags.risks import RAG_TAG_COLOURS

REVIEW_NOTICE = datetime.timedelta(days=14)
PANEL_ROWS = 5
OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)
PRIORITY_COLOURS = {IssuePriority.CRITICAL: "red", IssuePriority.HIGH: "orange", IssuePriority.MEDIUM: "yellow",
                    IssuePriority.LOW: "grey"}


def place_of(risk):
    return str(risk.project or risk.workstream or Level(risk.level).label)


def moves_to_accept(user):
    moves = (notifications.awaiting(user, RiskMove, [MOVE_AWAITING]).filter(status=MoveStatus.PROPOSED)
             .select_related("risk__project", "risk__workstream").order_by("proposed_at", "pk"))
    return [registry.WorkItem(
        f"{move.risk.ref} {move.risk.title}: {move.get_direction_display().lower()} to the "
        f"{Level(move.to_level).label} register", reverse("risks:detail", args=[move.risk_id]),
        f"{move.get_direction_display()} to accept", place=place_of(move.risk)) for move in moves]


def reviews_due(user):
    today = timezone.localdate()
    risks = (Risk.objects.filter(owner=user, status=RiskStatus.OPEN, archived=False,
                                 review_date__lte=today + REVIEW_NOTICE)
             .select_related("project", "workstream").order_by("review_date", "number"))
    return [registry.WorkItem(f"{risk.ref} {risk.title}", reverse("risks:detail", args=[risk.pk]), "Risk review",
                              risk.review_date, risk.review_date < today, place_of(risk)) for risk in risks]


def risks_panel(place, user):
    risks = registry.at_place(RiskFilterSet, place, Risk.objects.visible_to(user)).filter(status=RiskStatus.OPEN)
    today = timezone.localdate()
    counts = risks.aggregate(total=Count("pk"), red=Count("pk", filter=Q(residual_rag=Rag.RED)),
                             overdue=Count("pk", filter=Q(review_date__lt=today)))
    rows = [registry.PanelRow(risk.ref, risk.title, reverse("risks:detail", args=[risk.pk]),
                              f"{Rag(risk.residual_rag).label} {risk.residual_score}" if risk.residual_rag else "",
                              RAG_TAG_COLOURS.get(risk.residual_rag, "grey"),
                              "review overdue" if risk.overdue else "")
            for risk in risks.order_by("-residual_score", "number")[:PANEL_ROWS]]
    link = f"{reverse('risks:register')}{registry.place_filter(place)}&status={RiskStatus.OPEN}"
    return registry.panel(rows, counts["total"], link, "No open risks on this register.",
                          [("Red", counts["red"]), ("Overdue for review", counts["overdue"])])


def issues_panel(place, user):
    issues = registry.at_place(IssueFilterSet, place, Issue.objects.visible_to(user)).filter(status__in=OPEN_ISSUES)
    rows = [registry.PanelRow(issue.ref, issue.title, reverse("risks:issue", args=[issue.pk]),
                              issue.get_priority_display(), PRIORITY_COLOURS.get(issue.priority, "grey"),
                              issue.get_status_display())
            for issue in issues.order_by("-raised_on", "-number")[:PANEL_ROWS]]
    return registry.panel(rows, issues.count(), reverse("risks:issues") + registry.place_filter(place),
                          "No open issues.")


registry.register_work("risks.moves", "Risk escalations awaiting your acceptance", moves_to_accept, order=30)
registry.register_work("risks.reviews", "Your risks due for review", reviews_due, order=35)
registry.register_place_panel("risks", "Open risks", 20, risks_panel, "core/place_panel.html")
registry.register_place_panel("risks.issues", "Open issues", 30, issues_panel, "core/place_panel.html")
