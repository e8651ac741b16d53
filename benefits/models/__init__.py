from .benefit import Benefit, BenefitAttribution, BenefitCounter, allocate_number, derive_scope
from .measurement import BenefitMeasurement
from .settings import BenefitSettings

__all__ = [
    "Benefit", "BenefitAttribution", "BenefitCounter", "BenefitMeasurement", "BenefitSettings", "allocate_number",
    "derive_scope",
]
