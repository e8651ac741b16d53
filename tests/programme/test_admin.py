"""The Django admin: superusers only, one partnership at a time, people limited to that partnership's members."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.models import ApiToken, User
from core.tenancy import tenant_context
from programme.models import Project

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:programme_project_changelist"


@pytest.fixture
def admin_in(client, persona):
    """The demo superuser (a member of both partnerships), signed in and acting in ``tenant``."""

    def act_in(tenant):
        client.force_login(persona("admin"))
        response = client.post(reverse("tenant-switch"), {"tenant": tenant.pk})
        assert response.status_code == 302
        return client

    return act_in


def project_names(tenant):
    with tenant_context(tenant):
        return {escape(name) for name in Project.objects.values_list("name", flat=True)}


def test_superuser_sees_only_the_active_partnerships_projects(admin_in, llr, northshire):
    llr_only = project_names(llr) - project_names(northshire)
    northshire_only = project_names(northshire) - project_names(llr)
    assert llr_only and northshire_only

    page = admin_in(llr).get(reverse(CHANGELIST)).content.decode()
    assert all(name in page for name in llr_only)
    assert not any(name in page for name in northshire_only)

    page = admin_in(northshire).get(reverse(CHANGELIST)).content.decode()
    assert all(name in page for name in northshire_only)
    assert not any(name in page for name in llr_only)


def test_another_partnerships_project_cannot_be_opened(admin_in, llr, northshire):
    with tenant_context(northshire):
        foreign = Project.objects.order_by("pk").first()
    client = admin_in(llr)

    change = client.get(reverse("admin:programme_project_change", args=[foreign.pk]))
    history = client.get(reverse("admin:programme_project_history", args=[foreign.pk]))

    assert change.status_code == 302 and change.url == reverse("admin:index")
    assert history.status_code == 404


def test_project_history_is_viewable(admin_in, llr):
    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")

    response = admin_in(llr).get(reverse("admin:programme_project_history", args=[project.pk]))

    assert response.status_code == 200
    assert "Integrating LLR Points of Access" in response.content.decode()


def test_user_choices_are_members_of_the_active_partnership(admin_in, llr):
    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")
    outsider = User.objects.get(username="pmo.north")

    page = admin_in(llr).get(reverse("admin:programme_project_change", args=[project.pk])).content.decode()

    manager_select = page.split('name="manager"', 1)[1].split("</select>", 1)[0]
    assert "Aisha Patel" in manager_select
    assert f'<option value="{outsider.pk}"' not in manager_select
    assert str(outsider) not in page


@pytest.mark.parametrize("url", ["admin:index", CHANGELIST])
def test_non_superuser_is_refused_the_admin(client, persona, url):
    client.force_login(persona("pmo.llr"))

    response = client.get(reverse(url))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_superuser_must_choose_a_partnership_first(client, persona):
    client.force_login(persona("admin"))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("tenant-switch"))


def test_api_tokens_show_no_key_and_can_be_revoked(admin_in, llr, persona):
    token, key = ApiToken.issue(persona("pmo.llr"), llr, name="nightly export")
    client = admin_in(llr)

    page = client.get(reverse("admin:core_apitoken_changelist")).content.decode()
    assert token.prefix in page
    assert key not in page and token.key_hash not in page
    assert client.get(reverse("admin:core_apitoken_add")).status_code == 403

    response = client.post(reverse("admin:core_apitoken_changelist"), {
        "action": "revoke", "_selected_action": [token.pk],
    })

    assert response.status_code == 302
    with tenant_context(llr):
        assert ApiToken.objects.get(pk=token.pk).revoked is not None


def test_every_programme_admin_page_opens(admin_in, llr):
    """Each registered programme model's list, add and first change page render for the superuser."""
    from django.contrib import admin

    client = admin_in(llr)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "programme":
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert client.get(reverse(f"{name}_add")).status_code in {200, 403}, name
        with tenant_context(llr):
            row = model_admin.get_queryset(_request_in(llr)).order_by("pk").first()
        if row is not None:
            assert client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200, name
            if hasattr(model_admin, "history_view"):
                assert client.get(reverse(f"{name}_history", args=[row.pk])).status_code == 200, name


def _request_in(tenant):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.tenant = tenant
    request.user = User.objects.get(username="admin")
    return request
