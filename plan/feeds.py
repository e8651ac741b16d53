"""The Programme Plan's items as a bulk feed for Power BI and Excel (``core.feeds``), as the API lists them."""

from core import registry
from core.feeds import person
from plan.models import PlanItem


def items(user):
    return PlanItem.objects.all()


registry.register_feed("plan_items", "Plan items", PlanItem, items, order=50,
                       extra=(("owner_full_name", person("owner")), ("workstream_name", "workstream__name"),
                              ("project_name", "project__name")))
