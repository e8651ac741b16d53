from django.urls import path
from rest_framework.routers import DefaultRouter

from . import imports, views

router = DefaultRouter()
router.include_root_view = False
router.register("risks", views.RiskViewSet, basename="risk")
router.register("mitigation-actions", views.MitigationActionViewSet, basename="mitigation-action")
router.register("baf-entries", views.BafEntryViewSet, basename="baf-entry")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("risk-import-layouts", imports.RiskImportLayoutViewSet, basename="risk-import-layout")

urlpatterns = [path("risk-bands/", views.RiskBandsView.as_view(), name="risk-bands"), *router.urls]
