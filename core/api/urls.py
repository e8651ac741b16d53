from rest_framework.routers import DefaultRouter

from . import notifications, views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("notifications", notifications.NotificationViewSet, basename="notification")

urlpatterns = router.urls
