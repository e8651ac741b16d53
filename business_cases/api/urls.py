from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("briefs", views.BriefViewSet, basename="brief")
router.register("business-cases", views.BusinessCaseViewSet, basename="business-case")

urlpatterns = router.urls
