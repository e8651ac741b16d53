"""Errors are NHS-styled pages, not Django's plain text."""

import pytest

pytestmark = pytest.mark.django_db


def test_not_found_page_for_another_partnerships_project(client, persona, llr):
    from core.tenancy import tenant_context
    from programme.models import Project

    with tenant_context(llr):
        project = Project.objects.get(name="Integrating LLR Points of Access")
    client.force_login(persona("pmo.north"))
    response = client.get(f"/programme/projects/{project.pk}/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"nhsuk-header" in response.content


def test_server_error_page_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "problem with the service" in html
