from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("bodies", views.BodyViewSet, basename="body")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("stages", views.StageViewSet, basename="stage")
router.register("workstreams", views.WorkstreamViewSet, basename="workstream")
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = [path("me/", views.MeView.as_view(), name="me"),
               path("me/work/", views.MyWorkView.as_view(), name="me-work"), *router.urls]
