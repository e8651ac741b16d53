from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
router.register("plan-dependencies", views.PlanDependencyViewSet, basename="plan-dependency")
router.register("plan-external-dependencies", views.ExternalDependencyViewSet, basename="plan-external-dependency")
router.register("plan-baselines", views.BaselineViewSet, basename="plan-baseline")

urlpatterns = [path("roadmap.svg", views.RoadmapSvgView.as_view(), name="plan-roadmap-svg"),
               path("plan-settings/", views.PlanSettingsView.as_view(), name="plan-settings"), *router.urls]
