"""Service changes, their consultation and the Four Tests (mounted under /engagement/ by ``engagement.urls``)."""

from django.urls import path

from engagement import consultation_views as views

urlpatterns = [
    path("service-changes/", views.register, name="service-changes"),
    path("service-changes/new/", views.create, name="service-change-create"),
    path("service-changes/<int:pk>/", views.detail, name="service-change"),
    path("service-changes/<int:pk>/edit/", views.edit, name="service-change-edit"),
    path("service-changes/<int:pk>/tests/<int:test_pk>/assess/", views.assess, name="four-test-assess"),
    path("service-changes/<int:pk>/tests/<int:test_pk>/evidence/", views.add_evidence, name="four-test-evidence"),
    path("service-changes/<int:pk>/evidence/<int:evidence_pk>/remove/", views.remove_evidence,
         name="four-test-evidence-remove"),
    path("service-changes/<int:pk>/assurance/", views.assurance_page, name="four-tests-assurance"),
    path("service-changes/<int:pk>/assurance.pdf", views.assurance_pdf, name="four-tests-assurance-pdf"),
]
