"""The lifecycle in the Django admin: every registered model's list, add and change pages open for the superuser
acting in a partnership; workflow states are read only there, and the log of actions cannot be changed."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.models import User
from core.tenancy import tenant_context
from lifecycle.models import EndOfStageReport, LifecycleAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_in(client, persona):
    def act_in(tenant):
        client.force_login(persona("admin"))
        assert client.post(reverse("tenant-switch"), {"tenant": tenant.pk}).status_code == 302
        return client

    return act_in


def _request_in(tenant):
    request = RequestFactory().get("/admin/")
    request.tenant = tenant
    request.user = User.objects.get(username="admin")
    return request


def test_every_lifecycle_admin_page_opens(admin_in, llr):
    client = admin_in(llr)
    registered = [(model, model_admin) for model, model_admin in admin.site._registry.items()
                  if model._meta.app_label == "lifecycle"]
    assert {model.__name__ for model, _ in registered} >= {"LifecycleAction", "EndOfStageReport", "ProgrammeClosure",
                                                          "EqualityImpactAssessment", "QualityCriterion", "Lesson"}
    for model, model_admin in registered:
        name = f"admin:lifecycle_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert client.get(reverse(f"{name}_add")).status_code in {200, 403}, name
        with tenant_context(llr):
            row = model_admin.get_queryset(_request_in(llr)).order_by("pk").first()
        if row is not None:
            assert client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200, name
            assert client.get(reverse(f"{name}_delete", args=[row.pk])).status_code == 403, name


def test_workflow_states_are_not_edited_in_the_admin(admin_in, llr):
    client = admin_in(llr)
    with tenant_context(llr):
        report = EndOfStageReport.objects.order_by("pk").first()
        action = LifecycleAction.objects.create(process="review_programme", process_name="Review programme")
    page = client.get(reverse("admin:lifecycle_endofstagereport_change", args=[report.pk])).content.decode()
    assert 'name="status"' not in page
    assert client.post(reverse("admin:lifecycle_lifecycleaction_change", args=[action.pk]), {}).status_code == 403
