"""Importing a register in any layout through a column mapping (risks.mapping): seed 004's Table 10 with every
rating checked, a Datix-style export with its own bands, refusals by name, all or nothing, layouts remembered."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.exceptions import Invalid
from core.models import Organisation
from core.tenancy import tenant_context
from risks import import_plan, mapping
from risks.choices import Category, Level, Nature, Rag, Response
from risks.models import Risk, RiskImportLayout

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TABLE_10 = (FIXTURES / "fbc_table_10.csv").read_bytes()
DATIX = (FIXTURES / "lpt_datix_export.csv").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Seed 004, Table 10 "Initial Risk Register": Ref. -> (Probability, Impact) as the FBC states them.
FBC_RATINGS = {
    1: ("H", "H"), 2: ("M", "H"), 3: ("M", "H"), 4: ("L", "M"), 5: ("M", "H"), 6: ("H", "L"), 7: ("M", "M"),
    8: ("L", "M"), 9: ("M", "M"), 10: ("M", "M"), 11: ("M", "M"), 12: ("L", "H"), 13: ("M", "M"), 14: ("L", "M"),
    15: ("L", "M"), 16: ("L", "M"), 17: ("M", "H"), 18: ("H", "M"),
}
TABLE_10_MAPPING = {"Ref.": "number", "Risk": "title_description", "Probability": "inherent_likelihood",
                    "Impact": "inherent_impact", "Mitigation Strategies": "controls"}
DATIX_MAPPING = {
    "Ref": "number", "Title": "title", "Description": "description", "Risk Owner": "owner",
    "Risk Type": "category", "Opened": "date_identified", "Likelihood (initial)": "inherent_likelihood",
    "Consequence (initial)": "inherent_impact", "Rating (initial)": "inherent_rag", "Controls in place": "controls",
    "Likelihood (current)": "residual_likelihood", "Consequence (current)": "residual_impact",
    "Rating (current)": "residual_rag", "Target rating": "ignore", "Action plan": "actions",
    "Review date": "review_date",
}
# LPT's Datix matrix: 15-25 extreme (red), 8-12 high (amber), 4-6 moderate (yellow), 1-3 low (green).
LPT_BANDS = {"bands": [["red", 15, 25], ["amber", 8, 12], ["yellow", 4, 6], ["green", 1, 3]]}


def upload(content, name="register.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def as_xlsx(content):
    """The CSV as an .xlsx workbook, numbers as numbers (as Excel would save it)."""
    workbook = Workbook()
    for row in csv.reader(io.StringIO(content.decode())):
        workbook.active.append([int(cell) if cell.isdigit() else cell for cell in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("fbc-table-10.xlsx", stream.getvalue(), content_type=XLSX)


def table_10(tenant, user, project, kind="csv", **layout):
    with tenant_context(tenant):
        source = mapping.read_source(upload(TABLE_10, "fbc-table-10.csv") if kind == "csv" else as_xlsx(TABLE_10))
        values = {"mapping": TABLE_10_MAPPING, "choices": {"category": Category.PROGRAMME_MANAGEMENT,
                                                            "response": Response.REDUCE}, **layout}
        return mapping.preview(source, mapping.Layout(**values), user, tenant, Level.PROJECT, project)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_seed_004_table_10_imports_through_the_mapping_with_every_rating(kind, llr, persona, poa):
    user = persona("pm.poa.llr")
    plan = table_10(llr, user, poa, kind)
    assert plan.ok, plan.refused
    assert len(plan.added) == 18  # the header repeated on each page of the FBC is skipped, not refused
    with tenant_context(llr):
        added, _changed = import_plan.apply(plan, user, llr)
    by_number = {int(risk.source_ref): risk for risk in added}
    assert sorted(by_number) == list(range(1, 19))
    hml = {"H": 4, "M": 3, "L": 2}
    for number, (probability, impact) in FBC_RATINGS.items():
        risk = by_number[number]
        expected = (hml[probability], hml[impact], hml[probability] * hml[impact])
        assert (risk.inherent_likelihood, risk.inherent_impact, risk.inherent_score) == expected, number
        assert (risk.residual_likelihood, risk.residual_impact) == expected[:2], number  # no residual: inherent
        assert risk.category == Category.PROGRAMME_MANAGEMENT and risk.response == Response.REDUCE
        assert risk.project == poa and risk.level == Level.PROJECT
        assert risk.source_organisation is None and risk.source_inherent_rag == ""  # no partner bands given
    first = by_number[1]
    assert first.title.startswith("A delay in the final sign-off") and len(first.title) <= 200
    assert first.controls.startswith("(1) Discuss and agree a robust decision making")


def test_a_layouts_own_hml_reads_h_as_5_and_keeps_the_source_rating(llr, persona, poa):
    user = persona("pm.poa.llr")
    with tenant_context(llr):
        lpt = Organisation.objects.get(code="LPT")
    plan = table_10(llr, user, poa, source_bands={"bands": LPT_BANDS["bands"], "hml": {"H": 5, "M": 3, "L": 1}},
                    organisation=lpt)
    assert plan.ok, plan.refused
    with tenant_context(llr):
        added, _ = import_plan.apply(plan, user, llr)
    by_number = {int(risk.source_ref): risk for risk in added}
    hml = {"H": 5, "M": 3, "L": 1}
    for number, (probability, impact) in FBC_RATINGS.items():
        risk = by_number[number]
        score = hml[probability] * hml[impact]
        assert (risk.inherent_likelihood, risk.inherent_impact, risk.inherent_score) == (
            hml[probability], hml[impact], score), number
        lpt_rag = next(band for band, low, high in LPT_BANDS["bands"] if low <= score <= high)
        assert risk.source_inherent_rag == lpt_rag and risk.source_residual_rag == lpt_rag, number
        assert risk.source_organisation == lpt and "Red 15–25" in risk.source_bands
    # H×H = 25: red in both; M×M = 9: yellow for the partnership, amber in LPT's bands.
    assert (by_number[1].inherent_rag, by_number[1].source_inherent_rag) == (Rag.RED, Rag.RED)
    assert (by_number[7].inherent_rag, by_number[7].source_inherent_rag) == (Rag.YELLOW, Rag.AMBER)


def test_two_columns_mapped_to_one_field_are_refused_by_name(llr, persona, poa):
    bad = {**TABLE_10_MAPPING, "Mitigation Strategies": "inherent_impact"}
    with pytest.raises(Invalid) as refused:
        table_10(llr, persona("pm.poa.llr"), poa, mapping=bad)
    assert "'Impact' and 'Mitigation Strategies' are both mapped to Impact (inherent)" in " ".join(
        refused.value.messages)


def test_a_required_field_left_unmapped_is_named(llr, persona, poa):
    bad = {heading: field for heading, field in TABLE_10_MAPPING.items() if field != "inherent_impact"}
    with pytest.raises(Invalid) as refused:
        table_10(llr, persona("pm.poa.llr"), poa, mapping=bad)
    assert "Map a column to each required field: Impact (inherent)." in refused.value.messages


def test_a_missing_category_is_asked_for_never_invented(llr, persona, poa):
    with pytest.raises(Invalid) as refused:
        table_10(llr, persona("pm.poa.llr"), poa, choices={"response": Response.REDUCE})
    assert any("no category column" in message for message in refused.value.messages)
    with pytest.raises(Invalid) as refused:
        table_10(llr, persona("pm.poa.llr"), poa, choices={"category": Category.STRATEGIC})
    assert any("no response column" in message for message in refused.value.messages)


def test_one_bad_row_imports_nothing(llr, persona, poa):
    content = TABLE_10.decode().replace('\n12,The cost of', '\n12,"",').replace(",L,H,Present", ",X,H,Present")
    user = persona("pm.poa.llr")
    before = Risk.all_tenants.count()
    with tenant_context(llr):
        source = mapping.read_source(upload(content.encode()))
        plan = mapping.preview(source, mapping.Layout(mapping=TABLE_10_MAPPING, choices={
            "category": Category.FINANCIAL, "response": Response.REDUCE}), user, llr, Level.PROJECT, poa)
    assert not plan.ok
    [(row, problems)] = plan.refused
    assert row == 15  # the CSV's line: the header, risks 1-3, the header again, risks 4-9, the header, 10-12
    assert "'X' is not a rating" in " ".join(problems)
    with pytest.raises(Invalid), tenant_context(llr):
        import_plan.apply(plan, user, llr)
    assert Risk.all_tenants.count() == before


def test_a_category_the_source_words_differently_is_refused_unless_mapped(llr, persona, poa):
    user = persona("pm.poa.llr")
    with tenant_context(llr):
        lpt = Organisation.objects.get(code="LPT")
        source = mapping.read_source(upload(DATIX, "lpt-datix.csv"))
        layout = mapping.Layout(mapping=DATIX_MAPPING, choices={"response": Response.REDUCE},
                                source_bands=LPT_BANDS, organisation=lpt)
        plan = mapping.preview(source, layout, user, llr, Level.PROJECT, poa)
        assert not plan.ok
        messages = {row: " ".join(problems) for row, problems in plan.refused}
        assert set(messages) == {2, 3}  # Workforce and Operational; Financial is a category already
        assert "Category: 'Workforce' is not one of" in messages[2]
        assert "Category: 'Operational' is not one of" in messages[3]
        layout.values = {"category": {"Workforce": Category.PEOPLE, "operational": Category.CLINICAL}}
        plan = mapping.preview(source, layout, user, llr, Level.PROJECT, poa)
        assert plan.ok, plan.refused
        added, _ = import_plan.apply(plan, user, llr)
    spa, crisis, licences = sorted(added, key=lambda risk: risk.source_ref)
    assert spa.source_ref == "LPT-2291" and spa.title.startswith("Single point of access call handlers")
    assert spa.description.startswith("Vacancies in the SPA") and spa.owner.username == "pm.poa.llr"
    assert (spa.category, crisis.category, licences.category) == (Category.PEOPLE, Category.CLINICAL,
                                                                 Category.FINANCIAL)
    assert (spa.inherent_score, spa.residual_score) == (16, 12)
    assert (spa.inherent_rag, spa.residual_rag) == (Rag.AMBER, Rag.YELLOW)  # the partnership's App. 7 bands
    assert (spa.source_inherent_rag, spa.source_residual_rag) == (Rag.RED, Rag.AMBER)  # LPT's, from its column
    assert spa.source_organisation == lpt and spa.nature == Nature.THREAT
    assert "Actions: Recruit 4 WTE call handlers" in spa.controls and spa.controls.startswith("Agency cover")
    assert str(spa.date_identified) == "2017-03-14" and str(spa.review_date) == "2017-06-30"
    assert crisis.owner is None and licences.owner_name == "Finance lead"


# The browser ------------------------------------------------------------------------------------------------------

def _token(response):
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    return found.group(1) if found else None


def _columns_url(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def _mapping_post(mapping_by_heading, headers, **extra):
    data = {f"column_{index}": mapping_by_heading.get(heading, "ignore") for index, heading in enumerate(headers)}
    data.update({"remember": "on", **extra})
    return data


TABLE_10_HEADERS = ["Ref.", "Risk", "Probability", "Impact", "Mitigation Strategies"]


def test_the_browser_maps_previews_confirms_and_remembers_the_layout(browser, poa):
    client = browser("pm.poa.llr")
    chosen = {**TABLE_10_MAPPING, "Mitigation Strategies": "actions"}  # not what the heading would guess
    before = Risk.all_tenants.count()
    url = _columns_url(client.post("/risks/import/map/", {"file": upload(TABLE_10, "fbc.csv"), "level": "project",
                                                          "project": poa.pk}))
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Map the columns of fbc.csv" in html
    assert "For example: H · M · L" in html  # sample values beside each column's select
    # No category chosen: asked for by name, nothing staged.
    response = client.post(url, _mapping_post(chosen, TABLE_10_HEADERS, all_response="reduce"))
    assert response.status_code == 400 and "no category column" in response.content.decode()
    assert _token(response) is None
    response = client.post(url, _mapping_post(chosen, TABLE_10_HEADERS, all_response="reduce",
                                              all_category="strategic", name="FBC Table 10"))
    html = response.content.decode()
    assert response.status_code == 200, html[:3000]
    assert "18 to add, 0 to change, 0 unchanged, 0 refused" in html
    assert Risk.all_tenants.count() == before
    assert RiskImportLayout.all_tenants.get(tenant=poa.tenant, signature=mapping.signature(
        TABLE_10_HEADERS)).name == "FBC risk register table (Ref., Risk, Probability, Impact)"  # the demo's, as yet
    done = client.post("/risks/import/map/confirm/", {"token": _token(response)})
    assert done.status_code == 200 and "18 risks added" in done.content.decode()
    assert 'The layout "FBC Table 10" is remembered' in done.content.decode()
    assert Risk.all_tenants.count() == before + 18
    assert set(Risk.all_tenants.filter(source_ref__in=[str(n) for n in range(1, 19)], project=poa)
               .values_list("category", flat=True)) == {Category.STRATEGIC}
    layout = RiskImportLayout.all_tenants.get(tenant=poa.tenant, signature=mapping.signature(TABLE_10_HEADERS))
    assert layout.mapping == chosen and layout.choices == {"category": "strategic", "response": "reduce"}
    # The same headings again (another case, other spacing): the saved layout is offered and filled in.
    again = TABLE_10.replace(b"Mitigation Strategies", b"mitigation  strategies", 1)
    page = client.get(_columns_url(client.post("/risks/import/map/", {
        "file": upload(again, "fbc-again.csv"), "level": "project", "project": poa.pk})))
    html = page.content.decode()
    assert 'match the saved layout "FBC Table 10"' in html
    assert re.search(r'name="column_2"[^>]*>.*?<option value="inherent_likelihood" selected>', html, re.S)
    assert re.search(r'name="column_4"[^>]*>.*?<option value="actions" selected>', html, re.S)
    assert re.search(r'name="all_category"[^>]*>.*?<option value="strategic" selected>', html, re.S)


def test_a_layout_is_not_offered_to_another_partnership(browser, llr, northshire, persona):
    with tenant_context(llr):
        mapping.save_layout(llr, persona("pmo.llr"), "LLR only", TABLE_10_HEADERS, mapping.Layout(
            mapping=TABLE_10_MAPPING, choices={"category": "strategic", "response": "reduce"}))
    client = browser("pmo.north")
    page = client.get(_columns_url(client.post("/risks/import/map/", {"file": upload(TABLE_10),
                                                                      "level": "programme"})))
    assert page.status_code == 200 and "saved layout" not in page.content.decode()
    with tenant_context(northshire):
        assert mapping.saved_layout(northshire, TABLE_10_HEADERS) is None
    with tenant_context(llr):
        assert mapping.saved_layout(llr, TABLE_10_HEADERS).name == "LLR only"


def test_the_browser_asks_what_the_sources_values_mean(browser, poa):
    client = browser("pm.poa.llr")
    url = _columns_url(client.post("/risks/import/map/", {"file": upload(DATIX, "datix.csv"), "level": "project",
                                                          "project": poa.pk}))
    headers = list(DATIX_MAPPING)
    first = client.post(url, _mapping_post(DATIX_MAPPING, headers, all_response="reduce"))
    html = first.content.decode()
    assert first.status_code == 200 and _token(first) is None  # the values are asked for before any preview
    assert "Category &#x27;Workforce&#x27; means" in html and "Category &#x27;Operational&#x27; means" in html
    assert re.search(r'name="value_category_2"[^>]*>.*?<option value="financial" selected>', html, re.S)
    refused = client.post(url, _mapping_post(DATIX_MAPPING, headers, all_response="reduce", values_shown="1",
                                             value_category_2="financial"))
    assert refused.status_code == 400 and "Row 2: Category: &#x27;Workforce&#x27; is not one of" in (
        refused.content.decode())
    preview = client.post(url, _mapping_post(
        DATIX_MAPPING, headers, all_response="reduce", values_shown="1", value_category_0="people",
        value_category_1="clinical", value_category_2="financial", band_red="15-25", band_amber="8-12",
        band_yellow="4-6", band_green="1-3", name="LPT Datix export"))
    assert preview.status_code == 200 and "3 to add" in preview.content.decode()


def test_the_risk_page_shows_the_partners_rating_beside_the_partnerships(browser, make_risk, llr):
    with tenant_context(llr):
        lpt = Organisation.objects.get(code="LPT")
    risk = make_risk(title="Imported from LPT", inherent_likelihood=3, inherent_impact=3, residual_likelihood=3,
                     residual_impact=3, source_organisation=lpt, source_inherent_rag=Rag.AMBER,
                     source_residual_rag=Rag.AMBER, source_bands="Red 15–25, Amber 8–12 (H=4, M=3, L=2)")
    client = browser("pmo.llr")
    html = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Inherent: Partnership: Yellow · LPT’s register: Amber" in html
    assert "LPT’s bands: Red 15–25, Amber 8–12" in html
    html = client.get("/risks/?search=Imported+from+LPT").content.decode()
    assert html.count("LPT’s register: Amber") == 2  # beside the inherent and the residual RAG


# The API ----------------------------------------------------------------------------------------------------------

def test_the_api_imports_through_a_saved_layout_or_an_inline_mapping(api, llr, northshire, persona, poa):
    client = api("pm.poa.llr")
    with tenant_context(northshire):  # poa keeps LLR active for the test
        north = api("pmo.north")
    with tenant_context(llr):
        layout = mapping.save_layout(llr, persona("pm.poa.llr"), "FBC", TABLE_10_HEADERS, mapping.Layout(
            mapping=TABLE_10_MAPPING, choices={"category": "financial", "response": "reduce"}))
    before = Risk.all_tenants.count()
    dry = client.post("/api/v1/risks/import/?dry_run=true", {"file": upload(TABLE_10), "layout": layout.pk,
                                                              "level": "project", "project": poa.pk})
    assert dry.status_code == 200, dry.content
    assert dry.json()["added"] == 18 and dry.json()["dry_run"] and Risk.all_tenants.count() == before
    # Two columns to one field: a 400 naming both and the field, nothing saved.
    bad = client.post("/api/v1/risks/import/", {
        "file": upload(TABLE_10), "level": "project", "project": poa.pk, "category": "strategic",
        "response": "reduce", "mapping": '{"Risk": "title", "Ref.": "title", "Probability": "inherent_likelihood", '
                                         '"Impact": "inherent_impact"}'})
    assert bad.status_code == 400
    assert "'Ref.' and 'Risk' are both mapped to Title" in str(bad.json())
    missing = client.post("/api/v1/risks/import/", {
        "file": upload(TABLE_10), "level": "project", "project": poa.pk, "response": "reduce",
        "mapping": '{"Risk": "title", "Probability": "inherent_likelihood", "Impact": "inherent_impact"}'})
    assert missing.status_code == 400 and "no category column" in str(missing.json())
    partly = client.post("/api/v1/risks/import/", {
        "file": upload(TABLE_10), "level": "project", "project": poa.pk, "response": "reduce",
        "rows": '{"category": {"2": "strategic"}}',
        "mapping": '{"Risk": "title", "Probability": "inherent_likelihood", "Impact": "inherent_impact"}'})
    assert partly.status_code == 400 and "Row 3: Category: none given" in str(partly.json())  # risk 2: no choice
    assert "Row 2:" not in str(partly.json())
    assert Risk.all_tenants.count() == before
    done = client.post("/api/v1/risks/import/", {
        "file": upload(TABLE_10), "level": "project", "project": poa.pk, "category": "strategic",
        "response": "reduce", "mapping": '{"Risk": "title_description", "Ref.": "number", '
                                         '"Probability": "inherent_likelihood", "Impact": "inherent_impact"}'})
    assert done.status_code == 200, done.content
    assert done.json()["added"] == 18 and len(done.json()["refs"]) == 18
    assert Risk.all_tenants.count() == before + 18
    # Another partnership's layout is not found by its id.
    refused = north.post("/api/v1/risks/import/", {"file": upload(TABLE_10), "layout": layout.pk})
    assert refused.status_code == 400 and "layout" in refused.json()
    assert Risk.all_tenants.count() == before + 18


def test_the_api_lists_creates_and_checks_layouts(api, llr, northshire, persona):
    client = api("pmo.llr")
    body = {"name": "LPT Datix export", "headers": list(DATIX_MAPPING), "mapping": DATIX_MAPPING,
            "choices": {"response": "reduce"}, "source_bands": LPT_BANDS}
    created = client.post("/api/v1/risk-import-layouts/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["signature"] == mapping.signature(list(DATIX_MAPPING))
    twice = {**body, "mapping": {**DATIX_MAPPING, "Target rating": "residual_rag"}}
    refused = client.post("/api/v1/risk-import-layouts/", twice, format="json")
    assert refused.status_code == 400
    assert "'Rating (current)' and 'Target rating' are both mapped to" in str(refused.json())
    bands = client.patch(f"/api/v1/risk-import-layouts/{created.json()['id']}/",
                         {"source_bands": {"bands": [["red", 15, 25], ["amber", 10, 16]]}}, format="json")
    assert bands.status_code == 400 and "overlap" in str(bands.json())
    with tenant_context(llr):
        assert client.get("/api/v1/risk-import-layouts/").json()["count"] == RiskImportLayout.objects.count()
    with tenant_context(northshire):
        north = api("pmo.north").get("/api/v1/risk-import-layouts/").json()
    assert north["count"] >= 1 and created.json()["id"] not in [row["id"] for row in north["results"]]
    assert api("pmo.north").get(f"/api/v1/risk-import-layouts/{created.json()['id']}/").status_code == 404
    assert api("viewer.uhl.llr").post("/api/v1/risk-import-layouts/", {**body, "headers": ["A", "B"],
                                      "mapping": {}}, format="json").status_code in (400, 403)


def test_the_mapping_page_costs_the_same_queries_whatever_the_files_length(browser, poa):
    from tests.queries import count

    client = browser("pm.poa.llr")
    short = b"\n".join(TABLE_10.split(b"\n")[:2]) + b"\n"  # the header and risk 1 (one line in the CSV)
    counts = []
    for content in (short, TABLE_10):
        url = _columns_url(client.post("/risks/import/map/", {"file": upload(content), "level": "project",
                                                              "project": poa.pk}))
        queries, page = count(client, url)
        counts.append(queries)
    assert counts[0] == counts[1]
    assert "For example: H" in page.content.decode()


def test_the_upload_page_and_a_bad_token(browser):
    client = browser("pm.poa.llr")
    page = client.get("/risks/import/map/")
    assert page.status_code == 200 and "Upload and map the columns" in page.content.decode()
    gone = client.get("/risks/import/map/not-a-token/")
    assert gone.status_code == 400 and "upload the file again" in gone.content.decode()
    assert browser("viewer.uhl.llr").get("/risks/import/map/").status_code == 403


# The FBC's table gives no category: the PMO chooses one row by row (as the demo's register files them).
ROW_CATEGORIES = {1: "programme_management", 2: "people", 3: "strategic", 4: "financial", 5: "programme_management",
                  6: "people", 7: "financial", 8: "people", 9: "strategic", 10: "programme_management",
                  11: "clinical", 12: "financial", 13: "financial", 14: "strategic", 15: "people", 16: "strategic",
                  17: "strategic", 18: "programme_management"}


def _rows_by_ref(source):
    return {int(cells[0]): row for row, cells in source.rows}


def test_the_category_may_be_chosen_row_by_row_and_a_row_left_without_is_refused(browser, llr, poa):
    with tenant_context(llr):
        rows = _rows_by_ref(mapping.read_source(upload(TABLE_10)))
    client = browser("pm.poa.llr")
    url = _columns_url(client.post("/risks/import/map/", {"file": upload(TABLE_10, "fbc.csv"), "level": "project",
                                                          "project": poa.pk}))
    page = client.get(url).content.decode()
    assert "Or choose them row by row" in page and f'name="row_category_{rows[18]}"' in page
    chosen = {f"row_category_{rows[ref]}": category for ref, category in ROW_CATEGORIES.items() if ref != 12}
    refused = client.post(url, _mapping_post(TABLE_10_MAPPING, TABLE_10_HEADERS, all_response="reduce", **chosen))
    html = refused.content.decode()
    assert refused.status_code == 400 and _token(refused) is None
    assert f"Row {rows[12]}: Category: none given" in html and html.count("Category: none given") == 1
    chosen[f"row_category_{rows[12]}"] = "financial"
    preview = client.post(url, _mapping_post(TABLE_10_MAPPING, TABLE_10_HEADERS, all_response="reduce", **chosen))
    assert preview.status_code == 200 and "18 to add" in preview.content.decode()
    assert client.post("/risks/import/map/confirm/", {"token": _token(preview)}).status_code == 200
    with tenant_context(llr):
        added = {int(risk.source_ref): risk.category for risk in Risk.objects.filter(
            project=poa, source_ref__in=[str(ref) for ref in ROW_CATEGORIES], created_by__username="pm.poa.llr")}
        saved = mapping.saved_layout(llr, TABLE_10_HEADERS)
    assert added == ROW_CATEGORIES
    assert "category" not in saved.choices  # row-by-row choices belong to this file, not to the layout
