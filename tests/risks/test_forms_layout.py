"""Issue 14: the risk pages in the words NHS risk registers use, and only the forms and links a user may use."""

import json

import pytest

from change_control import services as change_services
from change_control.models import ChangeRequest
from core.tenancy import tenant_context
from risks.choices import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, persona):
    def login(username):
        client.force_login(persona(username))
        return client

    return login


def level_options(html):
    select = html.split('name="level"')[1].split("</select>")[0]
    return {part.split('"')[0] for part in select.split('value="')[1:]} - {""}


def test_likelihood_and_impact_are_offered_in_words(browser, in_llr):
    client = browser("pmo.llr")
    form = client.get("/risks/new/").content.decode()
    for words in ("1 – Rare", "3 – Possible", "5 – Almost certain", "1 – Negligible", "4 – Major",
                  "5 – Catastrophic"):
        assert words in form
    assert "(lowest)" not in form
    register = client.get("/risks/").content.decode()
    assert '<option value="2">2 – Unlikely</option>' in register
    assert '<option value="3">3 – Moderate</option>' in register


def test_detail_and_heat_map_name_the_ratings(browser, make_risk):
    risk = make_risk(title="Worded", inherent_likelihood=4, inherent_impact=5, residual_likelihood=2,
                     residual_impact=3)
    client = browser("pmo.llr")
    html = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Likelihood 4 – Likely × impact 5 – Catastrophic" in html
    assert "Likelihood 2 – Unlikely × impact 3 – Moderate" in html
    heat = client.get("/risks/heat-map/").content.decode()
    assert "Likelihood 5 – Almost certain" in heat and "Impact 1 – Negligible" in heat


def test_a_partner_viewer_is_offered_no_add_or_import(browser, in_llr, persona):
    client = browser("viewer.uhl.llr")
    risks = client.get("/risks/").content.decode()
    assert "Add a risk" not in risks and "Import a register" not in risks
    assert "Import a register" not in client.get("/risks/heat-map/").content.decode()
    assert "Import measurements" not in client.get("/benefits/").content.decode()
    viewer = persona("viewer.uhl.llr")
    may_raise = viewer.has_perm(change_services.ADD, ChangeRequest(tenant=in_llr))
    assert ("Raise a change request" in client.get("/changes/").content.decode()) is may_raise


def test_the_pmo_is_offered_add_and_import(browser, in_llr):
    client = browser("pmo.llr")
    risks = client.get("/risks/").content.decode()
    assert "Add a risk" in risks and "Import a register" in risks
    assert "Import measurements" in client.get("/benefits/").content.decode()
    assert "Raise a change request" in client.get("/changes/").content.decode()


def test_a_workstream_lead_is_offered_only_the_registers_they_may_add_to(browser, in_llr):
    client = browser("lead.urgentcare.llr")
    offered = level_options(client.get("/risks/new/").content.decode())
    assert Level.PARTNERSHIP_BOARD not in offered
    assert Level.WORKSTREAM in offered
    refused = client.post("/risks/new/", {"title": "Board", "category": "strategic", "nature": "threat",
                                          "level": "partnership_board", "inherent_likelihood": "4",
                                          "inherent_impact": "5", "residual_likelihood": "4",
                                          "residual_impact": "5", "date_identified": "2026-01-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert '<a href="#id_level">You may not keep risks on that register' in html
    with tenant_context(in_llr):
        from risks.models import Risk

        assert not Risk.objects.filter(title="Board").exists()


def test_the_pmo_is_offered_every_register_it_may_add_to(browser, in_llr):
    offered = level_options(browser("pmo.llr").get("/risks/new/").content.decode())
    assert {Level.PROGRAMME, Level.PROJECT} <= offered


def test_many_choices_are_checkboxes_with_a_filter_not_a_ctrl_click_list(browser, in_llr):
    html = browser("pmo.llr").get("/risks/new/").content.decode()
    assert '<select name="benefits"' not in html and "Hold Ctrl" not in html
    assert 'type="checkbox"' in html.split('id="id_benefits-options"')[1].split("</fieldset>")[0]
    assert 'name="benefits"' in html
    assert '<input class="nhsuk-input nhsuk-u-width-one-half" id="id_benefits-filter" type="search"' in html
    assert 'data-filters="id_benefits-options"' in html
    assert 'name="objectives" type="checkbox"' in html


def test_the_change_assessment_offers_its_risks_as_checkboxes():
    from django import forms

    from change_control.forms import AssessForm

    widget = AssessForm.base_fields["linked_risks"].widget
    assert isinstance(widget, forms.CheckboxSelectMultiple) and widget.attrs["filter"]


def test_free_text_has_a_limit_in_the_page_the_form_and_the_api(browser, api, in_llr):
    from core.forms import TEXT_MAX_LENGTH

    client = browser("pmo.llr")
    form = client.get("/risks/new/").content.decode()
    description = form.split('name="description"')[0].rsplit("<textarea", 1)[1] + form.split('name="description"')[1]
    assert f'maxlength="{TEXT_MAX_LENGTH}"' in description.split(">")[0]
    too_long = "x" * (TEXT_MAX_LENGTH + 1)
    refused = client.post("/risks/new/", {"title": "Long", "category": "strategic", "nature": "threat",
                                          "level": "programme", "description": too_long,
                                          "inherent_likelihood": "2", "inherent_impact": "2",
                                          "residual_likelihood": "2", "residual_impact": "2",
                                          "date_identified": "2026-01-01"})
    assert refused.status_code == 400
    assert '<a href="#id_description">Ensure this value has at most 5000 characters' in refused.content.decode()
    response = api("pmo.llr").post("/api/v1/risks/", {"title": "Long", "category": "strategic", "level": "programme",
                                                     "description": too_long, "inherent_likelihood": 2,
                                                     "inherent_impact": 2, "residual_likelihood": 2,
                                                     "residual_impact": 2}, format="json")
    assert response.status_code == 400
    assert "description" in json.dumps(response.json()) and "5000" in json.dumps(response.json())
    with tenant_context(in_llr):
        from risks.models import Risk

        assert not Risk.objects.filter(title="Long").exists()
