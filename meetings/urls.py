from django.urls import path

from . import exports, views

app_name = "meetings"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("generate/", views.generate, name="generate"),
    path("cadences/", views.cadences, name="cadences"),
    path("cadences/<int:body_pk>/", views.cadence_form, name="cadence"),
    path("settings/", views.settings_form, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.set_status, name="status"),
    path("<int:pk>/agenda/", views.refresh_agenda, name="agenda"),
    path("<int:pk>/decisions/", views.add_decision, name="add-decision"),
    path("<int:pk>/actions/", views.add_action, name="add-action"),
    path("<int:pk>/pack/", views.request_pack, name="request-pack"),
    path("actions/export/", exports.actions, name="actions-export"),
    path("actions/<int:pk>/", views.action_status, name="action-status"),
    path("packs/", views.pack_list, name="packs"),
    path("packs/<int:pk>/status/", views.pack_progress, name="pack-status"),
    path("packs/<int:pk>/pdf/", views.pack_pdf, name="pack-pdf"),
    path("packs/<int:pk>/publish/", views.publish, name="pack-publish"),
    path("packs/<int:pk>/render/", views.rerender, name="pack-render"),
]
