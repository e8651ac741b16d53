from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.create, name="create"),
    path("settings/", views.settings_form, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/<str:name>/", views.step, name="step"),
]

# The live programme dashboard sits under the programme's pages (``/programme/dashboard/``), routed before them.
dashboard_patterns = [path("", views.dashboard_page, name="programme-dashboard")]
