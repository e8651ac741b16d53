from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("workstreams/<int:pk>/", views.WorkstreamDetailView.as_view(), name="workstream"),
    path("workstreams/<int:pk>/edit/", views.WorkstreamEditView.as_view(), name="workstream-edit"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project-edit"),
]
