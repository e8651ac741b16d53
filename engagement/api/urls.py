"""The engagement API: one router; each part registers its own endpoints on it."""

from rest_framework.routers import DefaultRouter

from engagement.api import activities, consultation, stakeholders

router = DefaultRouter()
router.include_root_view = False
stakeholders.register(router)
activities.register(router)
consultation.register(router)

urlpatterns = [*router.urls]
