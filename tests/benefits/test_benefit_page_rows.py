"""A benefit's page draws its measurement rows in Python (``benefits.templatetags.benefit_page``, issue 20): byte for
byte what the template loop it replaced wrote, rendered side by side here over every kind of row: recorded and
unrecorded periods of each period kind, blank rows for a new period, a post with errors on every field (escaped),
a row's own errors and a period's, values as posted."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.template import engines
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.safestring import mark_safe

from benefits import links
from benefits.choices import PeriodKind
from benefits.figures import Figure
from benefits.forms import measurement_formset
from benefits.history import change_log
from benefits.models import Benefit, BenefitAttribution, BenefitMeasurement
from business_cases.models import BusinessCase
from core.models import Organisation, User
from programme.models import Objective, Project

from .conftest import fy

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


# The table rows of templates/benefits/_figure.html before issue 20.
TEMPLATE_FIGURE = """    {% for row in figure.rows %}
    <tr class="nhsuk-table__row">{% for cell in row %}{% if forloop.first %}<th class="nhsuk-table__header" scope="row">{{ cell }}</th>{% else %}<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ cell }}</td>{% endif %}{% endfor %}</tr>
    {% empty %}
    <tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="{{ figure.columns|length }}">Nothing recorded yet.</td></tr>
    {% endfor %}"""  # noqa: E501
# The change log's rows of templates/benefits/detail.html before issue 20.
TEMPLATE_HISTORY = """    {% for entry in history %}
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">{{ entry.when|date:"j M Y H:i" }}</td>
      <td class="nhsuk-table__cell">{{ entry.who|default:"System" }}</td>
      <td class="nhsuk-table__cell">{{ entry.subject }} {{ entry.type }}{% if entry.reason %}: {{ entry.reason }}{% endif %}
        {% if entry.changes %}<ul class="nhsuk-list nhsuk-list--bullet">{% for change in entry.changes %}<li>{{ change.label|capfirst }}: {{ change.old|default:"(blank)"|truncatechars:120 }} → {{ change.new|default:"(blank)"|truncatechars:120 }}</li>{% endfor %}</ul>{% endif %}</td>
    </tr>
    {% endfor %}"""  # noqa: E501


def render(text, **context):
    return engines["django"].from_string(text).render(context)


FIGURES = {
    "cells of every type": Figure("", "", ["Period", "Planned", "Actual", "Forecast", "%"], [
        ["Apr 2024", "£42,700", "–", "-£1.50", "70%"],
        ['<b>"Q1" & more</b>', mark_safe("<i>safe</i>"), 1234567, Decimal("1.50"), None],
        [datetime.date(2024, 4, 1), 2.5, True, "", 0],
    ]),
    "no rows": Figure("", "", ["Organisation", "Benefits", "Planned"], []),
    "a row of one cell": Figure("", "", ["Only"], [["alone"]]),
}


@pytest.mark.parametrize("case", FIGURES)
def test_a_figures_rows_are_the_templates(case):
    figure = FIGURES[case]
    slow = render(TEMPLATE_FIGURE, figure=figure)
    assert slow.count("<tr") == max(1, len(figure.rows))
    assert render("{% load benefit_page %}    {% figure_rows figure %}", figure=figure) == slow


def entry(**values):
    return {"when": timezone.now(), "who": "pmo.llr", "type": "changed", "subject": "Benefit", "reason": "",
            "changes": [], **values}


HISTORY = [
    entry(when=datetime.datetime(2024, 7, 1, 23, 30, tzinfo=datetime.UTC), reason='Moved <b>"back"</b> & forth'),
    entry(when=datetime.datetime(2024, 1, 1, 0, 5, tzinfo=datetime.UTC), who=None, type="created",
          subject="Measurement Q1 <2024/25>"),
    entry(changes=[
        {"field": "title", "label": "title", "old": "Old <title>", "new": "x" * 200},
        {"field": "restricted", "label": "restricted", "old": False, "new": True},
        {"field": "target", "label": "target", "old": None, "new": 0},
        {"field": "unit", "label": "unit", "old": "", "new": "£ & beds"},
        {"field": "baseline", "label": "baseline", "old": 12, "new": 12.5},
    ]),
    entry(who="", subject="Attribution to Trust & partners", type="deleted"),
    entry(when=None), entry(when=datetime.datetime(2025, 10, 26, 1, 30)),
]


def test_the_change_logs_rows_are_the_templates(make_benefit, in_llr, poa):
    """Synthetic entries with every shape a value takes, then a benefit's real log (its changes, its measurements'
    and its attribution's, a long description cut at 120 characters)."""
    slow = render(TEMPLATE_HISTORY, history=HISTORY)
    assert "System" in slow and "(blank)" in slow and "&lt;b&gt;" in slow and "…" in slow
    assert render("{% load benefit_page %}    {% history_rows history %}", history=HISTORY) == slow
    assert render("{% load benefit_page %}    {% history_rows history %}", history=[]) == render(TEMPLATE_HISTORY,
                                                                                                   history=[])
    found = make_benefit(title="Logged <b>", projects=[poa], period_kind=PeriodKind.MONTH,
                         points=[(MONTHS[0], Decimal(10), None, None)])
    found.description, found.restricted = "y" * 300, True
    found.save()
    measurement = found.measurements.get()
    measurement.actual = Decimal("9.5")
    measurement.save()
    log = change_log(found)
    assert len(log) >= 3 and any(e["changes"] for e in log)
    slow = render(TEMPLATE_HISTORY, history=log)
    assert render("{% load benefit_page %}    {% history_rows history %}", history=log) == slow


def _template(name, *replacements):
    text = (settings.BASE_DIR / "templates" / name).read_text()
    for tag, loop in replacements:
        assert tag in text, (name, tag)
        text = text.replace(tag, loop)
    return text


def templates_before():
    """The engine with this page's templates as they were: the loops in place of the tags that replaced them."""
    loaded = {
        "benefits/detail.html": _template(
            "benefits/detail.html",
            ("      {% measurement_rows formset %}", TEMPLATE_ROWS.removesuffix("\n    </tbody>")),
            ("    {% history_rows history %}", TEMPLATE_HISTORY)),
        "benefits/_figure.html": _template("benefits/_figure.html", ("{% load benefit_page %}", ""),
                                           ("    {% figure_rows figure %}", TEMPLATE_FIGURE)),
    }
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {**engine["OPTIONS"], "loaders": [
        ("django.template.loaders.locmem.Loader", loaded), "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader"]}
    return override_settings(TEMPLATES=[engine])


def normalised(response):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'nonce="[^"]+"', "", html)


def same_page(client, url, data=None):
    """The page (a GET, or a POST's answer) through the Python rows and through the template loops."""
    ask = (lambda: client.post(url, data)) if data is not None else (lambda: client.get(url))
    fast = ask()
    with templates_before(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "read", prefetched)
        slow = ask()
    assert fast.status_code == slow.status_code
    assert normalised(fast) == normalised(slow)
    return normalised(fast)


def prefetched(benefit):
    """The links as the page read them before issue 20: a prefetch each, model instances."""
    found = Benefit.objects.prefetch_related(
        "objectives", "business_cases", Prefetch("projects", queryset=Project.objects.select_related("workstream")),
        Prefetch("attributions", queryset=BenefitAttribution.objects.select_related("organisation"))).get(pk=benefit.pk)
    return links.Links(list(found.objectives.all()), list(found.business_cases.all()), list(found.projects.all()),
                       list(found.attributions.all()))


@pytest.fixture
def linked(make_benefit, organisations, in_llr):
    """A benefit with every kind of link, several of each, in orders that differ by number and by text: shares
    that tie (then by name), projects of several workstreams, names to escape."""
    Organisation.objects.filter(pk=organisations["LPT"].pk).update(name='Leicestershire <Partnership> & "Co"')
    Objective.objects.filter(code="SO5").update(title="Fifth & <last>")
    projects = list(Project.objects.select_related("workstream").order_by("-name")[:4])
    cases = list(BusinessCase.objects.order_by("-number")[:3])
    return make_benefit(title="Linked", objectives=("SO5", "SO1", "SO3"), projects=projects, cases=cases,
                        shares={organisations["UHL"]: 25, organisations["LPT"]: 25, organisations["LCC"]: 50})


def test_the_links_read_in_one_query_are_the_prefetched_ones(linked, make_benefit):
    for found in (linked, make_benefit(title="Unlinked", objectives=())):
        fast, slow = links.read(found), prefetched(found)
        assert [(o.code, o.title) for o in fast.objectives] == [(o.code, o.title) for o in slow.objectives]
        assert [(c.ref, c.title) for c in fast.business_cases] == [(c.ref, c.title) for c in slow.business_cases]
        assert ([(p.pk, p.name, p.workstream.name) for p in fast.projects]
                == [(p.pk, p.name, p.workstream.name) for p in slow.projects])
        assert ([(a.organisation_id, a.organisation.name, a.percent) for a in fast.attributions]
                == [(a.organisation_id, a.organisation.name, a.percent) for a in slow.attributions])
    assert len(slow.attributions) == 0 and len(fast.projects) == 0
    assert len(links.read(linked).projects) == 4 and len(links.read(linked).business_cases) == 3


def test_the_whole_page_is_the_templates(browser, make_benefit, poa, organisations, linked, monkeypatch):
    """Whole pages through the view, against the templates' loops and the prefetched links: an editor's (the
    measurement form, a monthly profile with unrecorded months), a reader's (no form), a restricted and archived
    benefit, one with nothing recorded or linked, one linked to everything, a page answered with errors, and the
    demo's benefit with its double counting, attribution and history."""
    monthly = make_benefit(title='Monthly <b>"bold"</b> & co', projects=[poa], period_kind=PeriodKind.MONTH,
                           profile_start=MONTHS[0], profile_end=MONTHS[5], shares={organisations["UHL"]: 100},
                           points=[(MONTHS[0], Decimal(100), Decimal(90), None), (MONTHS[2], None, None, Decimal(5))])
    empty = make_benefit(title="Nothing yet", projects=[poa])
    hidden = make_benefit(title="Hidden", projects=[poa], restricted=True, archived=True,
                          points=[(fy(2017), Decimal(1), Decimal(2), Decimal(3))])
    demo = Benefit.objects.get(title__startswith="Points of Access phase 1")
    editor, reader = browser("pmo.llr"), Client()
    reader.force_login(User.objects.get(username="viewer.uhl.llr"))
    for client, found in ((editor, monthly), (editor, empty), (editor, hidden), (editor, demo), (reader, demo),
                          (editor, linked)):
        html = same_page(client, f"/benefits/{found.pk}/")
        assert (found is hidden or client is reader) != ("Record measurements" in html), found.title
    html = same_page(editor, f"/benefits/{empty.pk}/")
    assert "Nothing recorded yet." in html and "New period starting" in html
    html = same_page(editor, f"/benefits/{monthly.pk}/measurements/", {
        "m-TOTAL_FORMS": "6", "m-INITIAL_FORMS": "6", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "1000",
        **{f"m-{i}-period": str(MONTHS[i]) for i in range(6)}, "m-0-planned": "<lots>", "m-1-actual": "1" * 20})
    assert "There is a problem" in html and 'aria-invalid="true"' in html
