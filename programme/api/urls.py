from django.urls import path
from rest_framework.routers import DefaultRouter

from programme.lifecycle import api as lifecycle_api

from . import notifications, views
from .meetings import BoardPackViewSet, MeetingActionViewSet, MeetingViewSet

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("stages", views.StageViewSet, basename="stage")
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")
router.register("board-packs", BoardPackViewSet, basename="boardpack")
for _prefix, _viewset, _basename in lifecycle_api.ROUTES:  # the programme lifecycle (programme/lifecycle/)
    router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
