from django.urls import path

from . import views

app_name = "change_control"

urlpatterns = [
    path("", views.change_log_page, name="log"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/assess/", views.step, {"step": "assess"}, name="assess"),
    path("<int:pk>/propose/", views.step, {"step": "propose"}, name="propose"),
    path("<int:pk>/decide/", views.step, {"step": "decide"}, name="decide"),
    path("<int:pk>/implement/", views.step, {"step": "implement"}, name="implement"),
]
