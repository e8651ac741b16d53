"""Benefits and their measurements as bulk feeds for Power BI and Excel (``core.feeds``): the rows the user may
read, as the API lists them (restricted benefits, and their measurements, only for those who may see them)."""

from benefits.models import Benefit, BenefitMeasurement
from core import registry
from core.feeds import person


def benefits(user):
    return Benefit.objects.visible_to(user)


def measurements(user):
    return BenefitMeasurement.objects.filter(benefit__in=Benefit.objects.visible_to(user))


registry.register_feed("benefits", "Benefits", Benefit, benefits, order=20,
                       extra=(("owner_full_name", person("owner")), ("workstream_name", "workstream__name")))
registry.register_feed("benefit_measurements", "Benefit measurements", BenefitMeasurement, measurements, order=21,
                       extra=(("benefit_ref", "benefit__ref"),))
