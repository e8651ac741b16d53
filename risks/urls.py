from django.urls import path

from .views import baf, bands, issues, mapping, register, transfer, workflow

app_name = "risks"

urlpatterns = [
    path("", register.register, name="register"),
    path("heat-map/", register.heatmap, name="heatmap"),
    path("score/", register.score, name="score"),
    path("bands/", bands.bands_form, name="bands"),
    path("new/", register.RiskFormView.as_view(), name="create"),
    path("export.xlsx", transfer.export_xlsx, name="export-xlsx"),
    path("export.csv", transfer.export_csv, name="export-csv"),
    path("import/", transfer.import_register, name="import"),
    path("import/confirm/", transfer.import_confirm, name="import-confirm"),
    path("import/map/", mapping.upload, name="import-map"),
    path("import/map/confirm/", mapping.confirm, name="import-map-confirm"),
    path("import/map/<str:token>/", mapping.columns, name="import-map-columns"),
    path("<int:pk>/", register.detail, name="detail"),
    path("<int:pk>/edit/", register.RiskFormView.as_view(), name="edit"),
    path("<int:pk>/escalate/", workflow.escalate, name="escalate"),
    path("<int:pk>/deescalate/", workflow.deescalate, name="deescalate"),
    path("<int:pk>/accept/", workflow.accept, name="accept"),
    path("<int:pk>/reject/", workflow.reject, name="reject"),
    path("<int:pk>/close/", workflow.close, name="close"),
    path("<int:pk>/archive/", workflow.archive, name="archive"),
    path("<int:pk>/actions/new/", workflow.add_action, name="add-action"),
    path("baf/<str:level>/", baf.baf, name="baf"),
    path("baf/entries/<int:pk>/edit/", baf.edit_entry, name="baf-entry-edit"),
    path("issues/", issues.issue_log, name="issues"),
    path("issues/new/", issues.issue_form, name="issue-create"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue"),
    path("issues/<int:pk>/edit/", issues.issue_form, name="issue-edit"),
    path("issues/<int:pk>/refer/", issues.refer_dispute, name="issue-refer"),
]
