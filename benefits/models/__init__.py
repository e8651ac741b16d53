from .benefit import Benefit, BenefitAttribution, derive_scope
from .measurement import BenefitMeasurement
from .settings import BenefitSettings

__all__ = ["Benefit", "BenefitAttribution", "BenefitMeasurement", "BenefitSettings", "derive_scope"]
