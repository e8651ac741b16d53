"""What benefits put on "My work" and on the workstream and project pages (``core.registry``, found by
``autodiscover_modules("work")``).

- My work: the benefits the person owns with periods ended and no actual recorded (the reminders' own
  ``due_by_benefit``), due from the end of the oldest such period;
- the place panel: the benefits of a workstream (and its projects) or a project, with their realisation RAG.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from benefits import realisation, services
from benefits.choices import RealisationRag
from benefits.filtersets import BenefitFilterSet
from benefits.models import Benefit, BenefitMeasurement
from benefits.pack_sections import due_by_benefit
from core import registry

RAG_COLOURS = {RealisationRag.GREEN: "green", RealisationRag.AMBER: "orange", RealisationRag.RED: "red"}
PANEL_ROWS = 5


def measurements_due(user):
    today = timezone.localdate()
    by_benefit = due_by_benefit(BenefitMeasurement.objects.filter(benefit__owner=user), today)
    items = []
    for benefit, periods in by_benefit.items():
        due = realisation.period_end(periods[0].period, benefit.period_kind)
        count = len(periods)
        latest = realisation.period_label(periods[-1].period, benefit.period_kind)
        items.append(registry.WorkItem(
            f"{benefit.ref} {benefit.title}: {count} period{'s' if count != 1 else ''} to record (latest {latest})",
            reverse("benefits:record", args=[benefit.pk]), "Measurement due", due, due < today))
    return items


def benefits_panel(place, user):
    thresholds = services.settings_for_current().thresholds
    benefits = registry.at_place(BenefitFilterSet, place, Benefit.objects.visible_to(user).with_rag(thresholds))
    counts = benefits.aggregate(total=Count("pk"), red=Count("pk", filter=Q(rag=RealisationRag.RED)),
                                amber=Count("pk", filter=Q(rag=RealisationRag.AMBER)))
    rows = [registry.PanelRow(benefit.ref, benefit.title, reverse("benefits:detail", args=[benefit.pk]),
                              RealisationRag(benefit.rag).label, RAG_COLOURS.get(benefit.rag, "grey"))
            for benefit in benefits.order_by("number")[:PANEL_ROWS]]
    return registry.panel(rows, counts["total"], reverse("benefits:register") + registry.place_filter(place),
                          "No benefits yet.", [("Red", counts["red"]), ("Amber", counts["amber"])])


registry.register_work("benefits", "Benefit measurements due", measurements_due, order=60)
registry.register_place_panel("benefits", "Benefits", 40, benefits_panel, "core/place_panel.html")
