"""The engagement landing page and the stakeholder register's pages."""

from django.urls import path

from engagement import views

urlpatterns = [
    path("", views.index, name="index"),
]
