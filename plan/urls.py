from django.urls import path

from . import settings_views, views

app_name = "plan"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("roadmap/", views.roadmap_page, name="roadmap"),
    path("import/", views.import_plan, name="import"),
    path("baselines/", views.baselines, name="baselines"),
    path("settings/", settings_views.settings_form, name="settings"),
    path("baselines/compare/", views.compare, name="compare"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/baseline/", views.rebaseline, name="rebaseline"),
    path("<int:pk>/dependencies/", views.add_dependency, name="add-dependency"),
    path("<int:pk>/dependencies/<int:dependency_pk>/remove/", views.remove_dependency, name="remove-dependency"),
    path("<int:pk>/external/", views.add_external, name="add-external"),
]
