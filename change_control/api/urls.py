from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("change-requests", views.ChangeRequestViewSet, basename="change-request")

urlpatterns = router.urls
