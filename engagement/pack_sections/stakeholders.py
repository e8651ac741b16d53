"""The Delivery Board pack's section "Communications and engagement: stakeholders": the power/interest grid of the
register with its table, and the influential stakeholders whose support is still below target. A pack goes to a
whole board: no personal data is in it (references, names, ratings and support only), and a named person whose
data was erased appears as the register now shows them."""

from core import registry
from engagement import grid
from engagement.models import Stakeholder
from engagement.stakeholder_filters import HIGH, below_target_q
from programme.choices import BodyKind


def stakeholders_section(ctx):
    stakeholders = list(Stakeholder.objects.only("pk", "number", "ref", "name", "interest", "influence",
                                                 "current_support", "target_support"))
    to_win = list(Stakeholder.objects.filter(below_target_q(), influence__gte=HIGH).select_related("owner")
                  .order_by("-influence", "-interest", "number")[: ctx.max_rows + 1])
    return {
        "figure": grid.figure(stakeholders, "Stakeholders by interest and influence", "pack-power-interest"),
        "count": len(stakeholders),
        "to_win": to_win[: ctx.max_rows],
        "more_to_win": max(0, len(to_win) - ctx.max_rows),
    }


registry.register_section("engagement_stakeholders", "Communications and engagement: stakeholders", 57,
                          "engagement/stakeholder_pack_section.html", stakeholders_section,
                          bodies=[BodyKind.DELIVERY_BOARD])
