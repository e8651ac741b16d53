from django.urls import path

from . import resource_views, settings_views, skill_views, views

app_name = "finance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_actuals, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("projects/<int:pk>/", views.project_finance, name="project"),
    path("settings/", settings_views.settings_form, name="settings"),
    path("capacity/", resource_views.capacity_view, name="capacity"),
    path("resources/", resource_views.pledges, name="pledges"),
    path("resources/new/", resource_views.pledge_new, name="pledge-new"),
    path("resources/<int:pk>/", resource_views.pledge_edit, name="pledge-edit"),
    path("resources/<int:pk>/outcome/", resource_views.pledge_outcome, name="pledge-outcome"),
    path("resources/skills/", skill_views.skills, name="skills"),
    path("resources/skills/<int:pk>/", skill_views.skill_edit, name="skill-edit"),
    path("redeployment/", resource_views.redeployment, name="redeployment"),
    path("projects/<int:pk>/demand/", resource_views.project_demand, name="project-demand"),
]
