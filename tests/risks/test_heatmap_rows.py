"""The heat map's grid drawn in Python (``{% heatmap_rows %}``, issue 20) gives the HTML the template loop gave, byte
for byte: the loop it replaced is kept here and rendered over the same rows, for both bases, with filters that leave
cells empty, a cell of one risk (no plural) and of many, every band, and a query string with ``&`` to escape."""

import re

import pytest
from django.template import Context, Engine
from django.test import override_settings

from risks.templatetags.risks import heatmap_rows

MARKER = "Zqxheat"

# The loop of templates/risks/heatmap.html before issue 20, as it was.
LOOP = """{% load risks %}    {% for row in rows %}
    <tr class="nhsuk-table__row">
      <th class="nhsuk-table__header" scope="row">Likelihood {{ row.likelihood|likelihood }}</th>
      {% for cell in row.cells %}
      <td class="nhsuk-table__cell risks-heatmap__cell risks-heatmap__cell--{{ cell.rag }}" data-likelihood="{{ cell.likelihood }}" data-impact="{{ cell.impact }}">
        {% if cell.count %}<a class="risks-heatmap__count" href="{% url 'risks:register' %}?{{ cell.query }}">{{ cell.count }}<span class="nhsuk-u-visually-hidden"> risk{{ cell.count|pluralize }} with likelihood {{ cell.likelihood }} and impact {{ cell.impact }}</span></a>{% else %}<span class="risks-heatmap__count risks-heatmap__count--none">0<span class="nhsuk-u-visually-hidden"> risks with likelihood {{ cell.likelihood }} and impact {{ cell.impact }}</span></span>{% endif %}
        <span class="risks-heatmap__band">Score {{ cell.score }}, {{ cell.rag|rag_label }}</span>
      </td>
      {% endfor %}
    </tr>
    {% endfor %}"""  # noqa: E501
TBODY = re.compile(r'<tbody class="nhsuk-table__body">\n(.*?)\n  </tbody>', re.S)


@pytest.mark.parametrize("query", ["", "?basis=inherent", f"?search={MARKER}&level=programme",
                                   f"?search={MARKER}&basis=inherent&status=open",
                                   "?level=programme&basis=residual&overdue=false"])
def test_the_grid_is_the_template_loops_byte_for_byte(make_risk, browser, query):
    make_risk(title=f"{MARKER} one", inherent_likelihood=5, inherent_impact=5, residual_likelihood=1,
              residual_impact=1)
    for _ in range(2):
        make_risk(title=f"{MARKER} two", inherent_likelihood=4, inherent_impact=3, residual_likelihood=2,
                  residual_impact=3)
    response = browser("pmo.llr").get(f"/risks/heat-map/{query}")
    assert response.status_code == 200
    rows = response.context["rows"]
    expected = Engine.get_default().from_string(LOOP).render(Context({"rows": rows}))
    counts = [cell["count"] for row in rows for cell in row["cells"]]
    assert 0 in counts and any(counts)
    assert TBODY.search(response.content.decode()).group(1) == expected
    assert "    " + heatmap_rows(rows) == expected


def test_a_cell_of_one_and_of_thousands():
    rows = [{"likelihood": 3, "cells": [
        {"likelihood": 3, "impact": impact, "score": 3 * impact, "rag": rag, "count": count,
         "query": f"search=a%26b&x=<{impact}>"}
        for impact, rag, count in ((1, "green", 1), (2, "green", 0), (3, "yellow", 2), (4, "yellow", 12345),
                                   (5, "amber", 1))]}]
    expected = Engine.get_default().from_string(LOOP).render(Context({"rows": rows}))
    assert " risk with" in expected and "&amp;x=&lt;1&gt;" in expected
    assert "    " + heatmap_rows(rows) == expected
    with override_settings(USE_THOUSAND_SEPARATOR=True):
        expected = Engine.get_default().from_string(LOOP).render(Context({"rows": rows}))
        assert ">12,345<" in expected
        assert "    " + heatmap_rows(rows) == expected
