"""The PMO's per-tenant settings for the risk register (DOMAIN.md s4 *defaults*)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TenantModel, tenant_history
from risks.choices import Rag
from risks.scoring import DEFAULT_BANDS, Bands

DEFAULT_LOWER_THRESHOLD = 15
DEFAULT_PROGRAMME_THRESHOLD = 20

# The partnership's RAG bands (risks.bands): each colour's lowest and highest score, App. 7's by default; a colour
# with neither is left out. H/M/L ratings read as these numbers (seed 004's register rates H/M/L).
BAND_FIELDS = tuple(f"{rag.value}_{end}" for rag in Rag for end in ("low", "high"))
HML_FIELDS = ("h_rating", "m_rating", "l_rating")
DEFAULT_RANGES = {rag: (low, high) for rag, low, high in DEFAULT_BANDS.bands}


def _band_field(rag, end):
    low, high = DEFAULT_RANGES[rag]
    return models.PositiveSmallIntegerField(
        f"{rag.label.lower()} from" if end == "low" else f"{rag.label.lower()} to",
        default=low if end == "low" else high, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text=(f"The lowest score that is {rag.label.lower()}; leave both blank to leave the colour out."
                   if end == "low" else f"The highest score that is {rag.label.lower()}."),
    )


def _hml_field(word, value):
    return models.PositiveSmallIntegerField(
        f"{word} rating", default=value, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=f"The likelihood or impact (1–5) a rating of {word} reads as.",
    )


def _band_constraints():
    constraints = []
    for rag in Rag:
        low, high = f"{rag.value}_low", f"{rag.value}_high"
        constraints.append(models.CheckConstraint(
            condition=models.Q(**{f"{low}__isnull": True, f"{high}__isnull": True})
            | models.Q(**{f"{low}__range": (1, 25), f"{high}__range": (1, 25), f"{low}__lte": models.F(high)}),
            name=f"risk_settings_{rag.value}_band_in_range",
            violation_error_message=f"The {rag.label.lower()} band must be scores from 1 to 25, lowest first.",
        ))
    constraints.append(models.CheckConstraint(
        condition=models.Q(h_rating__range=(1, 5), m_rating__range=(1, 5), l_rating__range=(1, 5),
                           h_rating__gte=models.F("m_rating"), m_rating__gte=models.F("l_rating")),
        name="risk_settings_hml_in_order",
        violation_error_message="H, M and L must read as ratings from 1 to 5, H at least M and M at least L.",
    ))
    return constraints


class RiskSettings(TenantModel):
    """Thresholds for automatic escalation proposals; one row per tenant, created with the defaults."""

    auto_escalation = models.BooleanField(default=True, help_text="Propose escalations automatically.")
    lower_level_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_LOWER_THRESHOLD, validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="A project or workstream risk with a residual score at or above this is proposed one level up.",
    )
    programme_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_PROGRAMME_THRESHOLD, validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="A programme risk with a residual score at or above this is proposed for the Delivery Board BAF.",
    )
    red_low, red_high = _band_field(Rag.RED, "low"), _band_field(Rag.RED, "high")
    amber_low, amber_high = _band_field(Rag.AMBER, "low"), _band_field(Rag.AMBER, "high")
    yellow_low, yellow_high = _band_field(Rag.YELLOW, "low"), _band_field(Rag.YELLOW, "high")
    green_low, green_high = _band_field(Rag.GREEN, "low"), _band_field(Rag.GREEN, "high")
    h_rating, m_rating, l_rating = _hml_field("H", 4), _hml_field("M", 3), _hml_field("L", 2)

    history = tenant_history()

    class Meta:
        verbose_name = "risk settings"
        verbose_name_plural = "risk settings"
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="risk_settings_one_per_tenant",
                                    violation_error_message="This partnership already has risk settings."),
            models.CheckConstraint(
                condition=models.Q(lower_level_threshold__range=(1, 25), programme_threshold__range=(1, 25)),
                name="risk_settings_thresholds_in_range",
                violation_error_message="Thresholds must be scores from 1 to 25.",
            ),
            *_band_constraints(),
        ]

    def __str__(self):
        return "Risk settings"

    @property
    def bands(self):
        """The stored bands as ``risks.scoring.Bands`` (checked when they were changed, ``risks.bands``)."""
        ranges = [(rag, getattr(self, f"{rag.value}_low"), getattr(self, f"{rag.value}_high")) for rag in Rag]
        ranges = sorted((band for band in ranges if None not in band), key=lambda band: -band[1])
        return Bands(tuple(ranges),
                     (("H", self.h_rating), ("M", self.m_rating), ("L", self.l_rating)))

    @classmethod
    def for_tenant(cls, tenant):
        settings, _ = cls.all_tenants.get_or_create(tenant=tenant)
        return settings
