"""Issue 14: a row the database refuses after the form's validation passed (two people saving at once, a constraint
Django cannot check first) is a form error in plain English on the page, never a 500 and never the database's text
(core.integrity, core.forms.save_form); the API answers 400 the same way (core.api.exceptions)."""

import re

import pytest
from django.db import IntegrityError, transaction

from benefits.forms import BenefitForm
from benefits.models import Benefit
from business_cases.forms import CaseForm
from business_cases.models import BusinessCase
from change_control import services as change_services
from change_control.models import ChangeRequest
from core import integrity
from core.models import Partnership
from core.tenancy import tenant_context
from programme.models import Project
from risks.forms import IssueForm, RiskForm
from risks.models import Issue, Risk

POA = "Integrating LLR Points of Access"
RAW = re.compile(r"constraint failed|violates|is violated|IntegrityError|Traceback", re.I)


def message_of(model, name):
    return str(next(c for c in model._meta.constraints if c.name == name).get_violation_error_message())


def refusing(monkeypatch, target, attribute, text):
    def refuse(*args, **kwargs):
        raise IntegrityError(text)

    monkeypatch.setattr(target, attribute, refuse)


def error_summary(response):
    html = response.content.decode()
    found = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    assert found, "the page shows no error summary"
    return found.group(0), html


@pytest.fixture
def signed_in(client, persona):
    def sign_in(username):
        client.force_login(persona(username))
        return client

    return sign_in


@pytest.fixture
def poa(llr):
    with tenant_context(llr):
        return Project.objects.select_related("workstream").get(name=POA)


# The translation -----------------------------------------------------------------------------------------------


def test_a_named_check_constraint_gives_its_message_and_fields():
    conflict = integrity.explain(IntegrityError("CHECK constraint failed: risk_inherent_likelihood_1_5"), Risk)
    assert conflict.message == message_of(Risk, "risk_inherent_likelihood_1_5")
    assert conflict.fields == ("inherent_likelihood",)


def test_postgresqls_unique_violation_gives_the_constraints_message():
    text = ('duplicate key value violates unique constraint "benefit_ref_unique_per_tenant"\n'
            "DETAIL:  Key (tenant_id, ref)=(1, B-0001) already exists.")
    conflict = integrity.explain(IntegrityError(text))  # found without being told the model
    assert conflict.message == message_of(Benefit, "benefit_ref_unique_per_tenant")


def test_a_name_inside_a_longer_name_is_not_taken_for_it():
    # "risk_ref_unique_per_tenant" is no match for a constraint whose name merely ends the same way.
    conflict = integrity.explain(IntegrityError('violates unique constraint "x_risk_ref_unique_per_tenant"'), Risk)
    assert conflict.message == integrity.GENERAL


def test_a_unique_field_without_a_named_constraint_is_named_in_words():
    meta = Partnership._meta
    conflict = integrity.explain(IntegrityError(f"UNIQUE constraint failed: {meta.db_table}.slug"), Partnership)
    assert conflict.message == f"A {meta.verbose_name} with this {meta.get_field('slug').verbose_name} already exists."
    assert conflict.fields == ("slug",)


@pytest.mark.parametrize("text", ["NOT NULL constraint failed: risks_risk.title", "FOREIGN KEY constraint failed",
                                  'violates check constraint "no_such_constraint"'])
def test_anything_else_is_the_general_sentence(text):
    conflict = integrity.explain(IntegrityError(text), Risk)
    assert conflict == integrity.Conflict(integrity.GENERAL)
    assert not RAW.search(conflict.message)


def test_a_real_unique_violation_of_sqlite_is_explained(in_llr):
    existing = Risk.objects.order_by("pk").first()
    copy = Risk.objects.get(pk=existing.pk)
    copy.pk = None
    copy._state.adding = True
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        copy.save()
    conflict = integrity.explain(refused.value, Risk)
    assert conflict.message in {message_of(Risk, "risk_ref_unique_per_tenant"),
                                message_of(Risk, "risk_number_unique_per_tenant")}
    assert not RAW.search(conflict.message)


# The registers' create pages --------------------------------------------------------------------------------------

RISK = {"title": "Raced", "category": "strategic", "nature": "threat", "level": "programme",
        "inherent_likelihood": "4", "inherent_impact": "5", "residual_likelihood": "4", "residual_impact": "5",
        "date_identified": "2026-01-01", "response": "reduce"}


def test_a_risk_the_database_refuses_is_a_field_error_and_nothing_is_saved(signed_in, llr, monkeypatch):
    refusing(monkeypatch, RiskForm, "save", "CHECK constraint failed: risk_inherent_likelihood_1_5")
    response = signed_in("pmo.llr").post("/risks/new/", RISK)
    assert response.status_code == 400
    summary, html = error_summary(response)
    message = message_of(Risk, "risk_inherent_likelihood_1_5")
    assert message in summary and 'href="#id_inherent_likelihood' in summary  # on the field the constraint names
    assert "risk_inherent_likelihood_1_5" not in html and not RAW.search(html)
    with tenant_context(llr):
        assert not Risk.objects.filter(title="Raced").exists()


def test_a_risk_numbered_by_someone_else_at_the_same_moment_is_refused_in_words(signed_in, llr, monkeypatch):
    """A real race: the number and reference another risk took between validation and saving."""
    with tenant_context(llr):
        taken = Risk.objects.order_by("pk").first()
        count = Risk.objects.count()
    original = RiskForm.save

    def save_after_a_race(form, *args, **kwargs):
        form.instance.number, form.instance.ref = taken.number, taken.ref
        return original(form, *args, **kwargs)

    monkeypatch.setattr(RiskForm, "save", save_after_a_race)
    response = signed_in("pmo.llr").post("/risks/new/", RISK)
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert any(message_of(Risk, name) in summary for name in ("risk_ref_unique_per_tenant",
                                                               "risk_number_unique_per_tenant"))
    assert not RAW.search(html)
    with tenant_context(llr):
        assert Risk.objects.count() == count and not Risk.objects.filter(title="Raced").exists()


def test_a_benefit_the_database_refuses_is_a_form_error_and_nothing_is_saved(signed_in, llr, poa, monkeypatch):
    refusing(monkeypatch, BenefitForm, "save",
             "UNIQUE constraint failed: benefits_benefit.tenant_id, benefits_benefit.ref")
    client = signed_in("pm.poa.llr")
    with tenant_context(llr):
        from core.models import Organisation
        from programme.models import Objective

        objective = Objective.objects.get(code="SO1")
        shares = {f"share_{o.pk}": "50" for o in Organisation.objects.filter(code__in=["UHL", "LPT"])}
    response = client.post("/benefits/new/", {
        "title": "Raced benefit", "objectives": [objective.pk], "owner": client.session["_auth_user_id"],
        "type": "cashable", "unit": "£", "period_kind": "financial_year", "stage": "planning",
        "projects": [poa.pk], **shares})
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert message_of(Benefit, "benefit_ref_unique_per_tenant") in summary
    assert not RAW.search(html)
    with tenant_context(llr):
        assert not Benefit.objects.filter(title="Raced benefit").exists()


def test_a_business_case_the_database_refuses_is_a_form_error(signed_in, llr, poa, monkeypatch):
    name = "business_case_ref_unique_per_tenant"
    refusing(monkeypatch, CaseForm, "save", f'duplicate key value violates unique constraint "{name}"')
    response = signed_in("pm.poa.llr").post("/cases/new/", {"title": "Raced case", "project": poa.pk,
                                                            "value": "600000"})
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert message_of(BusinessCase, name) in summary and name not in html
    with tenant_context(llr):
        assert not BusinessCase.objects.filter(title="Raced case").exists()


def test_an_issue_the_database_refuses_says_so_in_general_words(signed_in, llr, monkeypatch):
    refusing(monkeypatch, IssueForm, "save", "NOT NULL constraint failed: risks_issue.title")
    response = signed_in("pmo.llr").post("/risks/issues/new/", {
        "title": "Raced issue", "description": "Found twice.", "level": "programme", "priority": "medium",
        "status": "open", "raised_on": "2026-01-01"})
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert integrity.GENERAL in summary and not RAW.search(html)
    with tenant_context(llr):
        assert not Issue.objects.filter(title="Raced issue").exists()


def test_a_change_request_the_database_refuses_is_a_form_error(signed_in, llr, poa, monkeypatch):
    name = "change_request_ref_unique_per_tenant"
    refusing(monkeypatch, change_services, "log", f"CHECK constraint failed: {name}")
    response = signed_in("pm.poa.llr").post("/changes/new/", {
        "kind": "suggestion", "title": "Raced change", "description": "Suggested twice.", "project": poa.pk})
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert message_of(ChangeRequest, name) in summary and name not in html
    with tenant_context(llr):
        assert not ChangeRequest.objects.filter(title="Raced change").exists()


def test_the_benefit_settings_the_database_refuses_stay_as_they_were(signed_in, llr, monkeypatch):
    from benefits.forms import SettingsForm
    from benefits.models import BenefitSettings

    name = "benefit_settings_amber_below_green"
    refusing(monkeypatch, SettingsForm, "save", f'violates check constraint "{name}"')
    with tenant_context(llr):
        before = BenefitSettings.for_tenant(llr)
    response = signed_in("pmo.llr").post("/benefits/settings/", {
        "green_from": "91", "amber_from": "71", "double_counting_tolerance": "5"})
    assert response.status_code == 400
    summary, html = error_summary(response)
    assert message_of(BenefitSettings, name) in summary and name not in html
    with tenant_context(llr):
        after = BenefitSettings.for_tenant(llr)
    assert (after.green_from, after.amber_from) == (before.green_from, before.amber_from)


# The API ---------------------------------------------------------------------------------------------------------


def test_the_api_answers_400_with_the_constraints_message(api, monkeypatch):
    from risks.api.serializers import RiskSerializer

    refusing(monkeypatch, RiskSerializer, "save", "CHECK constraint failed: risk_inherent_likelihood_1_5")
    response = api("pmo.llr").post("/api/v1/risks/", {**RISK, "title": "Raced over the API"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [message_of(Risk, "risk_inherent_likelihood_1_5")]}
