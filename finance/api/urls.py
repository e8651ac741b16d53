from django.urls import path
from rest_framework.routers import DefaultRouter

from . import resources, views

router = DefaultRouter()
router.include_root_view = False
router.register("funding-sources", views.FundingSourceViewSet, basename="funding-source")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("actuals", views.ActualViewSet, basename="actual")
router.register("resource-skills", resources.SkillViewSet, basename="resource-skill")
router.register("resource-pledges", resources.PledgeViewSet, basename="resource-pledge")
router.register("resource-demands", resources.DemandViewSet, basename="resource-demand")

urlpatterns = [
    path("budgets/", views.BudgetSummaryView.as_view(), name="finance-budgets"),
    path("forecasts/", views.ForecastView.as_view(), name="finance-forecasts"),
    path("finance-settings/", views.FinanceSettingsView.as_view(), name="finance-settings"),
    path("capacity/", resources.CapacityView.as_view(), name="finance-capacity"),
    *router.urls,
]
