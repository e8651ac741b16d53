from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("highlight-reports", views.HighlightReportViewSet, basename="highlight-report")

urlpatterns = [path("dashboard/", views.DashboardView.as_view(), name="api-dashboard"), *router.urls]
