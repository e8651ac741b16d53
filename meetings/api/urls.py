from rest_framework.routers import DefaultRouter

from .views import BoardPackViewSet, MeetingActionViewSet, MeetingViewSet

router = DefaultRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")
router.register("board-packs", BoardPackViewSet, basename="boardpack")

urlpatterns = router.urls
