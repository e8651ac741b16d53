"""The signed-in person's inbox: their notifications and how they are emailed (served under /programme/inbox/)."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("read/", views.MarkReadView.as_view(), name="inbox-read-all"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="inbox-read"),
    path("preferences/", views.NotificationPreferenceView.as_view(), name="notification-preferences"),
]
