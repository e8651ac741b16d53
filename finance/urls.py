from django.urls import path

from . import settings_views, views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_actuals, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("projects/<int:pk>/", views.project_finance, name="project"),
    path("settings/", settings_views.settings_form, name="settings"),
]
