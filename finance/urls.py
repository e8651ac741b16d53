from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_actuals, name="import"),
    path("projects/<int:pk>/", views.project_finance, name="project"),
]
