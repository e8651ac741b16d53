from django.urls import path

from . import views

app_name = "lifecycle"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("processes/", views.processes, name="processes"),
    path("processes/<slug:key>/<str:what>/", views.process_action, name="process-action"),
    path("stages/<int:stage_pk>/report/", views.report_new, name="report-new"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/<str:what>/", views.report_action, name="report-action"),
    path("closure/", views.closure, name="closure"),
    path("closure/<str:step>/", views.closure_action, name="closure-action"),
    path("eias/", views.eias, name="eias"),
    path("eias/<int:pk>/", views.eia, name="eia"),
    path("eias/<int:pk>/<str:what>/", views.eia_action, name="eia-action"),
    path("quality/", views.quality, name="quality"),
    path("lessons/", views.lessons, name="lessons"),
]
