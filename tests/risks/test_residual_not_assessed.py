"""A residual not yet assessed (issue 19; ``Risk.residual_assessed``): its ratings are the inherent ones, every page,
the API and the export say so, and the demo's Points of Access risks, whose source (seed 004 Table 10) states one
assessment and no residual, carry no invented residual."""

import csv

import pytest
from django.forms.models import model_to_dict

from core.models import User
from core.tenancy import tenant_context
from risks import demo, scoring
from risks.exports import _rows
from risks.forms import RiskForm
from risks.models import Risk

pytestmark = pytest.mark.django_db


def test_no_points_of_access_risk_carries_a_residual_the_fbc_does_not_state(in_llr):
    with demo.POA_CSV.open(newline="") as handle:
        table = {int(row["ref"]): row for row in csv.DictReader(handle)}
    risks = {r.source_ref: r for r in Risk.objects.filter(source_ref__startswith="FBC Table 10, risk ")}
    assert len(risks) == len(table) == 18
    for ref, row in table.items():
        risk = risks[f"FBC Table 10, risk {ref}"]
        stated = (scoring.parse_rating(row["probability"]), scoring.parse_rating(row["impact"]))
        assert (risk.inherent_likelihood, risk.inherent_impact) == stated
        assert (risk.residual_likelihood, risk.residual_impact) == stated, f"risk {ref} has an invented residual"
        assert risk.residual_assessed is False
    # The four the demo once re-assessed by itself (refs 3, 6, 9 and 16) now show the table's only assessment.
    assert [risks[f"FBC Table 10, risk {ref}"].residual_score for ref in (3, 6, 9, 16)] == [12, 8, 9, 6]


def test_the_risk_page_the_register_and_the_api_say_not_yet_assessed(browser, api, make_risk):
    risk = make_risk(title="Residual unknown", residual_assessed=False, inherent_likelihood=4, inherent_impact=3,
                     residual_likelihood=4)
    assert (risk.residual_likelihood, risk.residual_impact, risk.residual_score) == (4, 3, 12)
    client = browser("pmo.llr")
    assert "Residual not yet assessed" in client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Not yet assessed: the inherent score" in client.get("/risks/?search=Residual+unknown").content.decode()
    assert api("pmo.llr").get(f"/api/v1/risks/{risk.pk}/").json()["residual_assessed"] is False
    assessed = make_risk(title="Residual known")
    assert "Residual not yet assessed" not in client.get(f"/risks/{assessed.pk}/").content.decode()


def test_a_residual_not_yet_assessed_follows_the_inherent_ratings(llr, make_risk):
    risk = make_risk(residual_assessed=False, residual_likelihood=3)
    with tenant_context(llr):
        risk.inherent_likelihood, risk.inherent_impact = 5, 4
        risk.save()
        risk.refresh_from_db()
        assert (risk.residual_likelihood, risk.residual_impact, risk.residual_score) == (5, 4, 20)


def test_the_api_refuses_residual_ratings_for_a_risk_marked_not_yet_assessed(api, llr, make_risk):
    risk = make_risk(residual_assessed=False, residual_likelihood=3)
    client = api("pmo.llr")
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"residual_likelihood": 1}, format="json")
    assert response.status_code == 400 and "not yet assessed" in response.json()["residual_assessed"][0]
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"inherent_impact": 5}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["residual_impact"], response.json()["residual_assessed"]) == (5, False)
    response = client.patch(f"/api/v1/risks/{risk.pk}/", {"residual_likelihood": 1, "residual_assessed": True},
                            format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["residual_likelihood"], response.json()["residual_assessed"]) == (1, True)


def _form(risk, llr, **changes):
    data = {key: value for key, value in model_to_dict(risk, fields=RiskForm._meta.fields).items()
            if value is not None and key not in ("objectives", "benefits")}
    data.update(changes)
    return RiskForm(data, instance=risk, tenant=llr, user=User.objects.get(username="pmo.llr"))


def test_the_form_keeps_the_residual_with_the_inherent_unless_it_is_marked_assessed(llr, make_risk):
    risk = make_risk(residual_assessed=False, residual_likelihood=3)
    with tenant_context(llr):
        form = _form(risk, llr, inherent_likelihood=4, residual_assessed="False")
        assert form.is_valid(), form.errors
        assert (form.instance.residual_likelihood, form.instance.residual_impact) == (4, 3)
        form = _form(Risk.objects.get(pk=risk.pk), llr, residual_likelihood=1, residual_assessed="False")
        assert not form.is_valid() and "not yet assessed" in form.errors["residual_assessed"][0]
        form = _form(Risk.objects.get(pk=risk.pk), llr, residual_likelihood=1, residual_assessed="True")
        assert form.is_valid(), form.errors


def test_the_export_leaves_a_residual_not_yet_assessed_blank(llr, make_risk):
    risk = make_risk(title="Residual blank", residual_assessed=False, residual_likelihood=3)
    with tenant_context(llr):
        rows = [values for _, group in _rows(Risk.objects.filter(pk=risk.pk)) for values in group]
    assert rows[0][4:6] == [3, 3] and rows[0][7:9] == ["", ""]


def test_an_import_reads_blank_residual_cells_as_not_yet_assessed_and_given_ones_as_assessed(browser, poa, in_llr):
    from .test_transfer import edited_export, row_of, token_of

    risk = Risk.objects.get(source_ref="FBC Table 10, risk 7")  # M/M, its residual not yet assessed
    client = browser("pmo.llr")

    def edit(ws):
        cells = row_of(ws, risk.ref)
        cells[7].value, cells[8].value = 2, 2
        ws.append([None, None, "A risk nobody has assessed after controls", "", 3, 4, "", None, None, None])

    response = client.post("/risks/import/", {"file": edited_export(client, poa, edit), "level": "programme"})
    assert response.status_code == 200 and "Residual assessed" in response.content.decode()
    response = client.post("/risks/import/confirm/", {"token": token_of(response)})
    assert response.status_code == 200
    risk.refresh_from_db()
    assert (risk.residual_likelihood, risk.residual_impact, risk.residual_assessed) == (2, 2, True)
    added = Risk.objects.get(title="A risk nobody has assessed after controls")
    assert (added.residual_likelihood, added.residual_impact, added.residual_assessed) == (3, 4, False)
