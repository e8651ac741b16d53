from django.urls import path

from .views import briefs, cases, elsewhere, money, workflow

app_name = "business_cases"

urlpatterns = [
    path("", cases.pipeline, name="pipeline"),
    path("awaiting/", cases.awaiting, name="awaiting"),
    path("new/", cases.create, name="create"),
    path("<int:pk>/", cases.detail, name="detail"),
    path("<int:pk>/edit/", cases.edit, name="edit"),
    path("<int:pk>/money/", money.edit, name="money"),
    path("<int:pk>/score/", cases.score, name="score"),
    path("<int:pk>/compare/", cases.compare, name="compare"),
    path("<int:pk>/pdf/", cases.case_pdf, name="pdf"),
    path("<int:pk>/decided-elsewhere/", elsewhere.record, name="decided-elsewhere"),
    path("<int:pk>/<str:name>/", workflow.step, name="step"),
    path("briefs/", briefs.brief_list, name="briefs"),
    path("briefs/new/", briefs.brief_form, name="brief-create"),
    path("briefs/<int:pk>/", briefs.brief_detail, name="brief"),
    path("briefs/<int:pk>/edit/", briefs.brief_form, name="brief-edit"),
    path("briefs/<int:pk>/<str:name>/", briefs.brief_step, name="brief-step"),
]
