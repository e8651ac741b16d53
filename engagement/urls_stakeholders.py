"""The engagement landing page and the stakeholder register's pages."""

from django.urls import path

from engagement import stakeholder_views, views

urlpatterns = [
    path("", views.index, name="index"),
    path("stakeholders/", stakeholder_views.register, name="stakeholders"),
    path("stakeholders/new/", stakeholder_views.create, name="stakeholder-create"),
    path("stakeholders/grid/", stakeholder_views.grid_page, name="stakeholder-grid"),
    path("stakeholders/<int:pk>/", stakeholder_views.detail, name="stakeholder"),
    path("stakeholders/<int:pk>/edit/", stakeholder_views.edit, name="stakeholder-edit"),
    path("stakeholders/<int:pk>/erase/", stakeholder_views.erase, name="stakeholder-erase"),
]
