"""A benefit's page draws its measurement rows in Python (``benefits.templatetags.benefit_page``, issue 20): byte for
byte what the template loop it replaced wrote, rendered side by side here over every kind of row: recorded and
unrecorded periods of each period kind, blank rows for a new period, a post with errors on every field (escaped),
a row's own errors and a period's, values as posted."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.template import engines

from benefits.choices import PeriodKind
from benefits.forms import measurement_formset
from benefits.models import Benefit, BenefitMeasurement

# The loop of templates/benefits/detail.html before issue 20, exactly as it was.
TEMPLATE_ROWS = """      {% for form in formset %}
      <tr class="nhsuk-table__row{% if form.errors %} benefits-entry__row--error{% endif %}">
        <th class="nhsuk-table__header" scope="row">
          {% if form.fixed %}{{ form.period }}<span id="m-{{ forloop.counter0 }}-label">{{ form.period_label }}</span>
          {% else %}<label class="nhsuk-label nhsuk-u-font-size-16" for="{{ form.period.auto_id }}">New period starting</label>{{ form.period }}{% endif %}
        </th>
        {% for field in form %}{% if field.name != "period" %}
        <td class="nhsuk-table__cell">
          <label class="nhsuk-u-visually-hidden" for="{{ field.auto_id }}">{{ field.label }}{% if form.fixed %}, {{ form.period_label }}{% endif %}</label>
          {% for error in field.errors %}<span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error: </span>{{ error }}</span>{% endfor %}
          {{ field }}
        </td>
        {% endif %}{% endfor %}
      </tr>
      {% if form.non_field_errors or form.period.errors %}<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="4">{% for error in form.non_field_errors %}<span class="nhsuk-error-message">{{ error }}</span>{% endfor %}{% for error in form.period.errors %}<span class="nhsuk-error-message">Period: {{ error }}</span>{% endfor %}</td></tr>{% endif %}
      {% endfor %}
    </tbody>"""  # noqa: E501
PYTHON_ROWS = "{% load benefit_page %}      {% measurement_rows formset %}\n    </tbody>"
ESCAPED = '"><script>&amp;'


def both(formset):
    django = engines["django"]
    slow = django.from_string(TEMPLATE_ROWS).render({"formset": formset})
    fast = django.from_string(PYTHON_ROWS).render({"formset": formset})
    return slow, fast


def benefit(kind, start=None, end=None, points=()):
    found = Benefit(pk=1, period_kind=kind, profile_start=start, profile_end=end)
    return found, [BenefitMeasurement(period=p, planned=planned, actual=actual, forecast=forecast)
                   for p, planned, actual, forecast in points]


MONTHS = [datetime.date(2024, month, 1) for month in range(1, 13)]
CASES = {
    # A monthly profile with recorded, partly recorded and unrecorded months (fixed rows only).
    "month": benefit(PeriodKind.MONTH, MONTHS[0], MONTHS[-1], [
        (MONTHS[0], Decimal("42700.00"), Decimal("29890.00"), None),
        (MONTHS[1], Decimal("-1.50"), None, Decimal("0.00")),
        (MONTHS[4], None, None, Decimal("913528.25"))]),
    # No profile range: the recorded quarters and two blank rows for a new period.
    "quarter": benefit(PeriodKind.QUARTER, points=[
        (datetime.date(2023, 4, 1), Decimal(100), Decimal(97), None),
        (datetime.date(2023, 10, 1), None, Decimal("12.34"), Decimal(5))]),
    "financial_year": benefit(PeriodKind.FINANCIAL_YEAR, datetime.date(2016, 4, 1), datetime.date(2019, 4, 1),
                              [(datetime.date(2017, 4, 1), Decimal(487323), None, Decimal(500000))]),
    "nothing recorded": benefit(PeriodKind.FINANCIAL_YEAR),
}


@pytest.mark.parametrize("case", CASES)
def test_the_rows_as_first_shown_are_the_templates(case):
    formset = measurement_formset(*CASES[case])
    slow, fast = both(formset)
    assert 'name="m-0-' in slow or case == "nothing recorded"
    assert fast == slow


def posted(rows, total=None):
    data = QueryDict(mutable=True)
    data.update({"m-TOTAL_FORMS": str(total or len(rows)), "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0",
                 "m-MAX_NUM_FORMS": "1000"})
    for index, row in enumerate(rows):
        for name, value in zip(("period", "planned", "actual", "forecast"), row, strict=True):
            if value is not None:
                data[f"m-{index}-{name}"] = value
    return data


def test_the_rows_of_a_post_with_errors_are_the_templates():
    """Errors on each field of a period row (a value that is no number, escaped as posted, too many digits), a new
    period not starting a period, a value with no period, a row's own error (as ``views.record`` adds a service's),
    and a period row with a changed period."""
    found, measurements = CASES["quarter"]
    data = posted([
        ("2023-04-01", ESCAPED.replace("&amp;", "&"), "1" * 20, ""),
        ("2023-10-02", "12.345", "", "7"),
        ("2024-05-01", "5", "<b>", ""),
        ("", "", "", "3"),
    ])
    formset = measurement_formset(found, measurements, data)
    assert not formset.is_valid()
    formset.forms[0].add_error(None, 'The <b>service</b> said "no" & more')
    formset.forms[1].add_error(None, "A second row error")
    slow, fast = both(formset)
    assert "&quot;&gt;&lt;script&gt;&amp;" in slow and "benefits-entry__row--error" in slow
    assert 'aria-invalid="true"' in slow and "Period: " in slow and "&lt;b&gt;service&lt;/b&gt;" in slow
    assert "Give the first day of the period." in slow and "did you mean" in slow
    assert fast == slow


@pytest.mark.parametrize("case", ["month", "financial_year"])
def test_the_rows_of_a_valid_post_are_the_templates(case):
    """A bound formset without errors (the rows as posted) and one posting fewer rows than the profile has."""
    found, measurements = CASES[case]
    first = measurement_formset(found, measurements)
    rows = [(str(row["period"]), "1.5", "", "2") for row in first.initial]
    for data in (posted(rows), posted(rows[:2])):
        formset = measurement_formset(found, measurements, data)
        formset.is_valid()
        slow, fast = both(formset)
        assert fast == slow
