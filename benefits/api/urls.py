from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("benefits", views.BenefitViewSet, basename="benefit")

urlpatterns = router.urls
