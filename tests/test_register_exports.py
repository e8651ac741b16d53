"""Every register downloads as .xlsx and CSV through core.exports: title row, frozen header, autofilter, only the
filtered rows the user may read, and text that would run as a formula written as text (README "Exports")."""

import csv
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://x","y")'

# register, its page's URL, the model, the text field made a formula, the key column and the attribute it shows,
# the filter the test applies (a field of the model, given the formula row's value).
REGISTERS = [
    ("issues", "/risks/issues/", "risks.Issue", "title", "No", "ref", "status"),
    ("benefits", "/benefits/", "benefits.Benefit", "title", "No", "ref", "type"),
    ("change requests", "/changes/", "change_control.ChangeRequest", "title", "No", "ref", "status"),
    ("business cases", "/cases/", "business_cases.BusinessCase", "title", "No", "ref", "tier"),
    ("meeting actions", "/meetings/actions/export/", "meetings.MeetingAction", "description", "Action",
     "description", "status"),
]


def visible(model, user):
    manager = model.objects
    return manager.visible_to(user) if hasattr(manager.all(), "visible_to") else manager.all()


def download(client, url, params, fmt):
    response = client.get(url, {**params, "format": fmt})
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return response


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


@pytest.mark.parametrize("name,url,label,text_field,key_heading,key_attr,filter_field", REGISTERS)
def test_each_register_exports_its_filtered_rows_safely(client, persona, in_llr, name, url, label, text_field,
                                                        key_heading, key_attr, filter_field):
    model = apps.get_model(label)
    user = persona("pmo.llr")
    target = visible(model, user).order_by("pk").first()
    assert target is not None, f"the demo has no {name}"
    model.objects.filter(pk=target.pk).update(**{text_field: FORMULA})
    target.refresh_from_db()
    value = getattr(target, filter_field)
    expected = sorted(str(getattr(row, key_attr)) for row in visible(model, user).filter(**{filter_field: value}))
    client.force_login(user)

    ws = read_xlsx(download(client, url, {filter_field: value}, "xlsx"))
    title = ws["A1"].value
    assert in_llr.name in title and "Filters:" in title and "exported" in title
    headings = [cell.value for cell in ws[2]]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == f"A2:{ws.cell(2, len(headings)).column_letter}{ws.max_row}"
    key = headings.index(key_heading)
    assert sorted(str(row[key].value) for row in ws.iter_rows(min_row=3)) == expected  # the filtered rows only
    if name != "meeting actions":
        assert "Project" in headings and "Workstream" in headings
    cells = [row for row in ws.iter_rows(min_row=3) for cell in row if cell.value == FORMULA]
    assert cells, "the formula text is in the sheet"
    formula_cell = next(cell for cell in cells[0] if cell.value == FORMULA)
    assert formula_cell.data_type == "s" and formula_cell.quotePrefix  # text, never a formula

    text = download(client, url, {filter_field: value}, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == headings
    assert "'" + FORMULA in [field for row in rows[1:] for field in row]
    assert not any(field.startswith("=") for row in rows[1:] for field in row)
    assert len(rows) - 1 == len(expected)


@pytest.mark.parametrize("label,url", [("risks.Issue", "/risks/issues/"), ("benefits.Benefit", "/benefits/"),
                                       ("business_cases.BusinessCase", "/cases/")])
def test_restricted_items_the_user_may_not_read_are_left_out(client, persona, in_llr, label, url):
    model = apps.get_model(label)
    viewer = persona("viewer.uhl.llr")
    hidden = model.objects.filter(restricted=False).order_by("pk").first()
    model.objects.filter(pk=hidden.pk).update(restricted=True)
    assert not model.objects.visible_to(viewer).filter(pk=hidden.pk).exists()
    client.force_login(viewer)
    ws = read_xlsx(download(client, url, {}, "xlsx"))
    refs = {row[0].value for row in ws.iter_rows(min_row=3)}
    assert hidden.ref not in refs and refs == set(model.objects.visible_to(viewer).values_list("ref", flat=True))


def test_the_lessons_log_exports_its_search(client, persona, in_llr):
    Lesson = apps.get_model("lifecycle.Lesson")
    lesson = Lesson.objects.order_by("pk").first()
    Lesson.objects.filter(pk=lesson.pk).update(title=FORMULA)
    client.force_login(persona("pmo.llr"))
    ws = read_xlsx(download(client, "/lifecycle/lessons/", {"q": "HYPERLINK"}, "xlsx"))
    assert "Search: HYPERLINK" in ws["A1"].value and ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:H3"
    assert ws["A3"].value == FORMULA and ws["A3"].data_type == "s"
    rows = list(csv.reader(io.StringIO(download(client, "/lifecycle/lessons/", {"q": "HYPERLINK"}, "csv")
                                       .content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + FORMULA]


def test_the_audit_trail_exports_to_excel_too(client, persona, in_llr):
    from core.models import AuditEvent, AuditKind

    AuditEvent.objects.create(tenant=in_llr, kind=AuditKind.LOGIN_FAILED, username="=cmd|' /C calc'!A0",
                              detail="@SUM(1)")
    client.force_login(persona("pmo.llr"))
    ws = read_xlsx(download(client, "/audit/", {"kind": AuditKind.LOGIN_FAILED}, "xlsx"))
    assert "Security audit trail" in ws["A1"].value and ws.freeze_panes == "A3"
    rows = list(ws.iter_rows(min_row=3))
    assert rows and all(row[1].value == "Login failed" for row in rows)
    formula = next(row[2] for row in rows if row[2].value == "=cmd|' /C calc'!A0")
    assert formula.data_type == "s"


def test_the_register_pages_link_their_exports_with_the_filters(client, persona, in_llr):
    client.force_login(get_user_model().objects.get(username="pmo.llr"))
    html = client.get("/risks/issues/", {"status": "open", "page": 2}).content.decode()
    assert "?status=open&amp;format=xlsx" in html and "?status=open&amp;format=csv" in html and "page=2" not in html
    for url in ("/benefits/", "/changes/", "/cases/", "/lifecycle/lessons/"):
        assert "format=xlsx" in client.get(url).content.decode(), url
    assert "/meetings/actions/export/?format=xlsx" in client.get("/meetings/").content.decode()


@pytest.mark.parametrize("url", ["/risks/export.xlsx", "/risks/issues/?format=xlsx", "/benefits/?format=xlsx",
                                 "/changes/?format=xlsx", "/cases/?format=xlsx", "/meetings/actions/export/?format=csv",
                                 "/lifecycle/lessons/?format=xlsx", "/audit/?format=xlsx"])
def test_an_export_makes_a_constant_number_of_queries(client, persona, url):
    """Related rows come with the rows (select_related), never one query per row: the demo's registers have more
    rows than this bound. One of them counts (up to EXPORT_INLINE_ROWS) whether the download goes to the worker."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(persona("pmo.llr"))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and len(queries) <= 9
