"""The engagement plan and log, "you said, we did", the plan's objectives and its effectiveness (E2's part of
``engagement/urls.py``)."""

from django.urls import path

from engagement import activity_views as views
from engagement import objective_views

urlpatterns = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/import/", views.activity_import, name="activity-import"),
    path("activities/import/confirm/", views.activity_import_confirm, name="activity-import-confirm"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/log/", views.activity_log, name="activity-log"),
    path("activities/<int:pk>/responses/", views.response_create, name="response-create"),
    path("responses/", views.response_list, name="response-list"),
    path("responses/<int:pk>/", views.response_detail, name="response-detail"),
    path("responses/<int:pk>/respond/", views.response_respond, name="response-respond"),
    path("objectives/", objective_views.objective_list, name="objective-list"),
    path("objectives/<int:pk>/", objective_views.objective_detail, name="objective-detail"),
    path("objectives/<int:pk>/edit/", objective_views.objective_edit, name="objective-edit"),
    path("effectiveness/", objective_views.effectiveness_page, name="effectiveness"),
    path("measures/new/", objective_views.measure_form, name="measure-create"),
    path("measures/<int:pk>/edit/", objective_views.measure_form, name="measure-edit"),
    path("measures/<int:pk>/actuals/", objective_views.measure_actual, name="measure-actual"),
]
