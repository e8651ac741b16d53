from django.urls import path
from rest_framework.routers import DefaultRouter

from . import feeds, notifications, views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("notifications", notifications.NotificationViewSet, basename="notification")

urlpatterns = router.urls + [
    # The reporting exchange for Power BI and Excel (core.feeds): OData-shaped, registered by the apps.
    path("feeds/", feeds.FeedRootView.as_view(), name="feeds-root"),
    path("feeds/$metadata", feeds.FeedMetadataView.as_view(), name="feeds-metadata"),
    path("feeds/<slug:key>", feeds.FeedView.as_view(), name="feeds-feed"),
]
