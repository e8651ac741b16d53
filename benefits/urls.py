from django.urls import path

from . import views

app_name = "benefits"

urlpatterns = [
    path("", views.register, name="register"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.benefit_form, name="create"),
    path("import/", views.import_measurements, name="import"),
    path("settings/", views.settings_form, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.benefit_form, name="edit"),
    path("<int:pk>/measurements/", views.record, name="record"),
    path("<int:pk>/chart.svg", views.chart_svg, name="chart-svg"),
    path("<int:pk>/archive/", views.archive, name="archive"),
]
