from rest_framework.routers import DefaultRouter

from . import views

ROUTES = [
    ("lifecycle/processes", views.ProcessViewSet, "lifecycle-process"),
    ("lifecycle/actions", views.LifecycleActionViewSet, "lifecycle-action"),
    ("lifecycle/raci", views.RaciEntryViewSet, "lifecycle-raci"),
    ("lifecycle/end-of-stage-reports", views.EndOfStageReportViewSet, "lifecycle-report"),
    ("lifecycle/closure", views.ClosureViewSet, "lifecycle-closure"),
    ("lifecycle/eias", views.EiaViewSet, "lifecycle-eia"),
    ("lifecycle/quality-criteria", views.QualityCriterionViewSet, "lifecycle-quality"),
    ("lifecycle/lessons", views.LessonViewSet, "lifecycle-lesson"),
    ("lifecycle", views.StartCloseViewSet, "lifecycle"),
]

router = DefaultRouter()
for _prefix, _viewset, _basename in ROUTES:
    router.register(_prefix, _viewset, basename=_basename)

urlpatterns = router.urls
