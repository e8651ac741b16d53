from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Benefits"

    def ready(self):
        import core.demo
        from benefits import demo, rules
        from core import navigation

        rules.register()
        watch_double_counting()
        watch_realisation()
        navigation.register("Benefits", "benefits:register", order=40, section="benefits")
        core.demo.register(40, demo.load)


def watch_double_counting():
    """The double-counting check's inputs (``benefits.services.double_counting``, cached by ``core.derived``)."""
    from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
    from benefits.models.benefit import DOUBLE_COUNTING
    from business_cases.models import BusinessCase, CostShare, MoneyLine
    from core import derived
    from core.models import Organisation

    derived.watch(DOUBLE_COUNTING, [Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings, BusinessCase,
                                    CostShare, MoneyLine, Organisation], m2m=[Benefit.business_cases.through])


def watch_realisation():
    """The realisation roll-ups' inputs (``benefits.rollups``, cached by ``core.derived``)."""
    from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
    from benefits.models.benefit import REALISATION
    from core import derived
    from core.models import Organisation
    from programme.models import Objective

    derived.watch(REALISATION, [Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings, Objective,
                                Organisation], m2m=[Benefit.objectives.through, Benefit.projects.through])
