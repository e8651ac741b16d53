from django.urls import path

from . import assurance_views, views

app_name = "lifecycle"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("processes/", views.processes, name="processes"),
    path("processes/<slug:key>/", views.process, name="process"),
    path("processes/<slug:key>/raci/", views.process_raci, name="process-raci"),
    path("processes/<slug:key>/<str:what>/", views.process_action, name="process-action"),
    path("stages/<int:stage_pk>/report/", views.report_new, name="report-new"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/<str:what>/", views.report_action, name="report-action"),
    path("workstreams/", views.workstreams, name="workstreams"),
    path("workstreams/start/", views.start_workstream, name="start-workstream"),
    path("workstreams/<int:pk>/close/", views.close_workstream, name="close-workstream"),
    path("projects/start/", views.start_project, name="start-project"),
    path("projects/<int:pk>/close/", views.close_project, name="close-project"),
    path("closure/", views.closure, name="closure"),
    path("closure/<str:step>/", views.closure_action, name="closure-action"),
    path("eias/", assurance_views.eias, name="eias"),
    path("eias/new/", assurance_views.eia_new, name="eia-new"),
    path("eias/<int:pk>/", assurance_views.eia, name="eia"),
    path("eias/<int:pk>/edit/", assurance_views.eia_edit, name="eia-edit"),
    path("eias/<int:pk>/<str:what>/", assurance_views.eia_action, name="eia-action"),
    path("quality/", assurance_views.quality, name="quality"),
    path("quality/new/", assurance_views.criterion_new, name="criterion-new"),
    path("quality/<int:pk>/review/", assurance_views.review_new, name="review-new"),
    path("lessons/", assurance_views.lessons, name="lessons"),
    path("lessons/<int:pk>/edit/", assurance_views.lesson_edit, name="lesson-edit"),
]
