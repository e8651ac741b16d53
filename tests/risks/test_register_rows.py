"""The register's rows drawn in Python (``{% register_rows %}``, issue 20) from ``values()`` rows give the HTML the
template loop gave over model instances, byte for byte: the loop it replaced is kept here and rendered beside it, over
risks that take every branch (project and workstream levels, a programme risk keeping its workstream, opportunity,
restricted, residual not yet assessed, source ratings with and without an organisation, overdue and not, archived,
every status, level, category and RAG colour, owners by name, by username, as text and none, ``<&">`` in texts)."""

import datetime
import re

import pytest
from django.template import Context, Engine
from django.utils import timezone

from core.models import Organisation, User
from core.tenancy import tenant_context
from risks.choices import Category, Level, Nature, Rag, RiskStatus
from risks.models import Risk
from risks.templatetags.risks import register_rows
from risks.views.register import ROW_FIELDS, with_names

NASTY = '<&"> \'x\''
MARKER = "Zqxrows"

# The loop of templates/risks/register.html before issue 20, as it was.
LOOP = """{% load risks %}    {% for risk in risks %}
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">{{ risk.ref }}</td>
      <td class="nhsuk-table__cell"><a href="{% url 'risks:detail' risk.pk %}">{{ risk.title }}</a>{% if risk.restricted %} <strong class="nhsuk-tag nhsuk-tag--grey">Restricted</strong>{% endif %}</td>
      <td class="nhsuk-table__cell">{{ risk.get_level_display }}{% if risk.project %}<br><span class="nhsuk-body-s">{{ risk.project.name }}</span>{% elif risk.level == "workstream" and risk.workstream %}<br><span class="nhsuk-body-s">{{ risk.workstream.name }}</span>{% endif %}</td>
      <td class="nhsuk-table__cell">{{ risk.get_category_display }}{% if risk.nature == "opportunity" %}<br><span class="nhsuk-body-s">Opportunity</span>{% endif %}</td>
      <td class="nhsuk-table__cell">{{ risk.owner_display|default:"Not assigned" }}</td>
      <td class="nhsuk-table__cell">{% rag_tag risk.inherent_score risk.inherent_rag %}{% with shown=risk|source_rating:"inherent" %}{% if shown %}<br><span class="nhsuk-body-s">{{ shown }}</span>{% endif %}{% endwith %}</td>
      <td class="nhsuk-table__cell">{% rag_tag risk.residual_score risk.residual_rag %}{% if not risk.residual_assessed %}<br><span class="nhsuk-body-s">Not yet assessed: the inherent score</span>{% endif %}{% with shown=risk|source_rating:"residual" %}{% if shown %}<br><span class="nhsuk-body-s">{{ shown }}</span>{% endif %}{% endwith %}</td>
      <td class="nhsuk-table__cell">{{ risk.review_date|date:"j M Y" }}{% if risk.overdue %} <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>{% endif %}</td>
      <td class="nhsuk-table__cell">{{ risk.get_status_display }}{% if risk.archived %} (archived){% endif %}</td>
    </tr>
    {% empty %}
    <tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="9">No risks match these filters.</td></tr>
    {% endfor %}"""  # noqa: E501


def the_loop(risks):
    return Engine.get_default().from_string(LOOP).render(Context({"risks": risks}))


def ours(rows):
    return "    " + register_rows(rows)


@pytest.fixture
def every_branch(make_risk, llr, poa, urgent_care):
    today = timezone.localdate()
    with tenant_context(llr):
        organisation = Organisation.objects.create(name="Partner", code="P&<1>", kind="provider")
        named = User.objects.create(username="rows.named", first_name="Ann", last_name=f"O'Neil {NASTY}")
        bare = User.objects.create(username=f"rows.bare{NASTY}"[:30])
    ratings = [(5, 5, 5, 4), (4, 4, 4, 4), (3, 3, 2, 4), (1, 2, 1, 1)]  # red, amber, yellow, green and back
    risks = []
    for index, (level, category, status) in enumerate(zip(
            [*Level.values, *Level.values], [*Category.values, *Category.values][:2 * len(Level.values)],
            [RiskStatus.OPEN, RiskStatus.CLOSED] * len(Level.values), strict=False)):
        il, ii, rl, ri = ratings[index % len(ratings)]
        values = {"title": f"{MARKER} {index} {NASTY}", "level": level, "category": category, "status": status,
                  "inherent_likelihood": il, "inherent_impact": ii, "residual_likelihood": rl, "residual_impact": ri,
                  "review_date": today + datetime.timedelta(days=(-3 if index % 3 else 5))}
        if level == Level.PROJECT:
            values["project"] = poa
        elif level == Level.WORKSTREAM or index % 4 == 1:
            values["workstream"] = urgent_care  # a programme risk may keep its workstream: not shown
        if index % 4 == 0:
            values["owner"] = named
        elif index % 4 == 1:
            values["owner"] = bare
        elif index % 4 == 2:
            values["owner_name"] = f"Imported {NASTY}"
        if index % 3 == 0:
            values["nature"] = Nature.OPPORTUNITY
        if index % 5 == 1:
            values["restricted"] = True
        if index % 5 == 2:  # its residual ratings are the inherent ones
            values.update(residual_assessed=False, residual_likelihood=il, residual_impact=ii)
        if index % 3 == 1:
            values.update(source_inherent_rag=Rag.RED, source_residual_rag=Rag.GREEN, source_organisation=organisation)
        if index % 3 == 2:
            values.update(source_residual_rag=Rag.AMBER)
        risks.append(make_risk(**values))
    with tenant_context(llr):
        Risk.objects.filter(pk__in=[risk.pk for risk in risks[::4]]).update(archived=True)
    return risks


def test_every_branch_is_taken(every_branch, llr):
    with tenant_context(llr):
        rows = list(Risk.objects.filter(title__startswith=MARKER).values(*ROW_FIELDS))
    assert {row["residual_rag"] for row in rows} >= set(Rag.values)
    assert {row["level"] for row in rows} == set(Level.values)
    assert {row["status"] for row in rows} == set(RiskStatus.values)
    assert {row["archived"] for row in rows} == {True, False}
    assert {row["restricted"] for row in rows} == {True, False}
    assert {row["residual_assessed"] for row in rows} == {True, False}
    assert {row["nature"] for row in rows} == set(Nature.values)
    assert {row["source_organisation_id"] is None for row in rows if row["source_residual_rag"]} == {True, False}


def test_the_rows_are_the_template_loops_byte_for_byte(every_branch, llr):
    with tenant_context(llr):
        instances = list(Risk.objects.filter(title__startswith=MARKER).select_related(
            "owner", "project", "workstream", "source_organisation").order_by("number"))
        rows = with_names(list(Risk.objects.filter(title__startswith=MARKER).order_by("number").values(*ROW_FIELDS)))
    expected = the_loop(instances)
    assert expected.count("<tr") == len(every_branch) and "Overdue" in expected and "&lt;&amp;" in expected
    assert ours(rows) == expected
    assert ours([]) == the_loop([])


TBODY = re.compile(r'<tbody class="nhsuk-table__body">\n(.*?)\n  </tbody>', re.S)


@pytest.mark.parametrize("archived", ["", "&archived=true"])
def test_the_register_page_shows_the_rows_the_loop_showed(every_branch, browser, archived):
    response = browser("pmo.llr").get(f"/risks/?page_size=100&search={MARKER}{archived}")
    assert response.status_code == 200
    shown = response.context["filterset"].qs.select_related("owner", "project", "workstream", "source_organisation")
    assert 0 < len(shown) < 100
    assert TBODY.search(response.content.decode()).group(1) == the_loop(list(shown))
