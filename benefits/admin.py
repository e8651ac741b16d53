"""The Django admin for benefits: superusers only, one partnership at a time, with every change's history.

Measurements and attributions are edited inline (the shares checked as a whole under the rounding rule); after a
save the benefit's stored position is refreshed (the same ``refresh_position`` the services call).
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from benefits import services
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement, BenefitSettings
from core.admin import TenantAdminMixin, TenantModelAdmin


class MeasurementInline(TenantAdminMixin, admin.TabularInline):
    model = BenefitMeasurement
    extra = 0
    fields = ["period", "planned", "actual", "forecast", "note"]


class AttributionFormSet(BaseInlineFormSet):
    """The shares as a whole, under the same rule as the form and the API (``services.attribution_errors``)."""

    def clean(self):
        super().clean()
        rows = [(form.cleaned_data["organisation"], form.cleaned_data["percent"]) for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("organisation") and form.cleaned_data.get("percent") is not None]
        messages = services.attribution_errors(rows)
        if messages:
            raise ValidationError(messages)


class AttributionInline(TenantAdminMixin, admin.TabularInline):
    model = BenefitAttribution
    formset = AttributionFormSet
    extra = 0
    fields = ["organisation", "percent"]


@admin.register(Benefit)
class BenefitAdmin(TenantModelAdmin):
    list_display = ["ref", "title", "type", "stage", "level", "owner", "realisation_percent", "archived"]
    list_filter = ["type", "stage", "level", "archived", "restricted"]
    search_fields = ["ref", "title", "description"]
    list_select_related = ["owner"]
    filter_horizontal = ["objectives", "projects", "business_cases"]
    readonly_fields = ["ref", "level", "planned_total", "planned_to_date", "actual_to_date", "realisation_percent",
                       "trend", "latest_period"]
    inlines = [AttributionInline, MeasurementInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.sync_scope()
        form.instance.refresh_position()


@admin.register(BenefitSettings)
class BenefitSettingsAdmin(TenantModelAdmin):
    list_display = ["__str__", "green_from", "amber_from", "double_counting_tolerance"]
