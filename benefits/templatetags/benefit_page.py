"""A benefit's page drawn in Python where the template engine was most of its time (issue 20): the measurement
table's rows (``{% measurement_rows formset %}``: a monthly profile over five years is 60 rows of four inputs), the
rows of a figure's table (``{% figure_rows figure %}``, which every page including ``benefits/_figure.html`` draws)
and the change log's rows (``{% history_rows history %}``: 50 changes).

Each writes, byte for byte, what the template loop it replaces wrote (``tests/benefits/test_benefit_page_rows.py``
renders both); every text from the database or a form is escaped here."""

import datetime

from django import template
from django.template.defaultfilters import capfirst, date, default, truncatechars
from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from benefits import realisation
from core.templatetags.portal import shown
from core.widgets import _attrs

register = template.Library()

MEASURES = ("planned", "actual", "forecast")
ERROR = '<span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">Error: </span>{}</span>'


class _Input:
    """How one field's ``<input>`` is written: its widget's type and fixed attributes, read once from a form of the
    formset, as ``BoundField.as_widget`` would pass them: ``id``, and when the field has errors ``aria-invalid`` and
    ``aria-describedby`` naming the error (the fields have no help text)."""

    def __init__(self, field):
        self.widget = field.widget
        self.head = f'<input type="{escape(self.widget.input_type)}" name="'
        self.attrs = _attrs(self.widget.attrs)
        self.label = conditional_escape(field.label)
        self.described = not self.widget.is_hidden and not self.widget.attrs.get("aria-describedby")

    def html(self, name, value, invalid):
        formatted = self.widget.format_value(value)
        value_attr = "" if formatted is None else f' value="{conditional_escape(str(formatted))}"'
        extra = ""
        if invalid and not self.widget.is_hidden:
            extra = ' aria-invalid="true"' + (f' aria-describedby="id_{name}_error"' if self.described else "")
        return f'{self.head}{name}"{value_attr}{self.attrs}{extra} id="id_{name}">'


def _errors(errors, field):
    return errors.get(field, ()) if errors else ()


def _row(index, fixed, label, values, errors, inputs):
    """One period's row. ``values`` by field name as the widget receives them, ``errors`` the form's (by field
    name, ``__all__`` for the row's own), ``inputs`` the fields' ``_Input`` for this kind of row."""
    prefix = f"m-{index}-"
    period = inputs["period"].html(f"{prefix}period", values.get("period"), _errors(errors, "period"))
    if fixed:
        label = escape(label)
        head = f'{period}<span id="m-{index}-label">{label}</span>\n          '
        suffix = f", {label}"
    else:
        head = (f'<label class="nhsuk-label nhsuk-u-font-size-16" for="id_{prefix}period">New period starting'
                f"</label>{period}")
        suffix = ""
    parts = [f'\n      <tr class="nhsuk-table__row{" benefits-entry__row--error" if errors else ""}">\n'
             f'        <th class="nhsuk-table__header" scope="row">\n          {head}\n        </th>\n        ']
    for name in MEASURES:
        field_errors = _errors(errors, name)
        error_html = "".join(ERROR.format(conditional_escape(error)) for error in field_errors)
        parts.append(f'\n        <td class="nhsuk-table__cell">\n'
                     f'          <label class="nhsuk-u-visually-hidden" for="id_{prefix}{name}">'
                     f"{inputs[name].label}{suffix}</label>\n          {error_html}\n"
                     f"          {inputs[name].html(prefix + name, values.get(name), field_errors)}\n"
                     "        </td>\n        ")
    parts.append("\n      </tr>\n      ")
    row_errors, period_errors = _errors(errors, "__all__"), _errors(errors, "period")
    if row_errors or period_errors:
        parts.append('<tr class="nhsuk-table__row"><td class="nhsuk-table__cell" colspan="4">'
                     + "".join(f'<span class="nhsuk-error-message">{conditional_escape(e)}</span>' for e in row_errors)
                     + "".join(f'<span class="nhsuk-error-message">Period: {conditional_escape(e)}</span>'
                               for e in period_errors)
                     + "</td></tr>")
    parts.append("\n      ")
    return "".join(parts)


def _shapes(formset):
    """The fields' ``_Input`` for a period row (the period hidden) and for a new-period row."""
    shapes = {}
    for fixed in (True, False):
        form = formset.form(kind=formset.kind, fixed=fixed, prefix="shape", use_required_attribute=False)
        shapes[fixed] = {name: _Input(field) for name, field in form.fields.items()}
    return shapes


@register.simple_tag
def measurement_rows(formset):
    """The rows of ``benefits.forms.measurement_formset``. An unbound formset (the page as first shown) is drawn
    from its ``initial`` without building a form per row; a bound one (a post with errors) from its forms, with
    their values as posted and their errors."""
    shapes = _shapes(formset)
    kind = formset.kind
    rows = []
    if formset.is_bound:
        for index, form in enumerate(formset.forms):
            values = {name: form[name].value() for name in form.fields}
            rows.append(_row(index, form.fixed, form.period_label, values, form.errors, shapes[form.fixed]))
    else:
        initial = formset.initial or []
        for index in range(formset.total_form_count()):
            values = initial[index] if index < len(initial) else {}
            fixed = index < formset.fixed
            period = values.get("period")
            label = realisation.period_label(period, kind) if fixed and period else ""
            rows.append(_row(index, fixed, label, values, None, shapes[fixed]))
    return mark_safe("".join(rows))  # every value is escaped in _row


HEADER = '<th class="nhsuk-table__header" scope="row">{}</th>'
NUMBER = '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{}</td>'


@register.simple_tag(takes_context=True)
def figure_rows(context, figure):
    """The body rows of a figure's table: the first cell of a row its header. ``Nothing recorded yet`` across every
    column when there is no row."""
    rows = figure.rows
    if not rows:
        return mark_safe('\n    <tr class="nhsuk-table__row"><td class="nhsuk-table__cell" '
                         f'colspan="{len(figure.columns)}">Nothing recorded yet.</td></tr>\n    ')
    parts = []
    for row in rows:
        cells = ['\n    <tr class="nhsuk-table__row">']
        for index, cell in enumerate(row):
            cells.append(NUMBER.format(shown(cell, context)) if index else HEADER.format(shown(cell, context)))
        cells.append("</tr>\n    ")
        parts.append("".join(cells))
    return mark_safe("".join(parts))  # every cell is escaped by shown


def _when(value, months):
    """``{{ value|date:"j M Y H:i" }}`` for a datetime (``12 Mar 2026 09:05``, in the current time zone), without a
    ``DateFormat`` and its format string parsed per change (``months``: the month names met so far, translated
    once); anything else through the filter itself."""
    if not isinstance(value, datetime.datetime):
        return date(template_localtime(value), "j M Y H:i")
    local = template_localtime(value)
    month = months.get(local.month)
    if month is None:
        month = months[local.month] = MONTHS_3[local.month].title()
    return f"{local.day} {month} {local.year:04d} {local.hour:02d}:{local.minute:02d}"


def _change(change, context):
    label = shown(capfirst(change["label"]), context)
    old, new = (shown(truncatechars(default(change[side], "(blank)"), 120), context) for side in ("old", "new"))
    return f"<li>{label}: {old} → {new}</li>"


@register.simple_tag(takes_context=True)
def history_rows(context, history):
    """The change log's rows (``core.history`` entries, newest first): when, who (``System`` for no one), what."""
    parts, months = [], {}
    for entry in history:
        when = shown(_when(entry["when"], months), context)
        reason = f": {shown(entry['reason'], context)}" if entry["reason"] else ""
        changes = entry["changes"]
        listed = (f'<ul class="nhsuk-list nhsuk-list--bullet">{"".join(_change(c, context) for c in changes)}</ul>'
                  if changes else "")
        parts.append(
            '\n    <tr class="nhsuk-table__row">\n'
            f'      <td class="nhsuk-table__cell">{when}</td>\n'
            f'      <td class="nhsuk-table__cell">{shown(default(entry["who"], "System"), context)}</td>\n'
            f'      <td class="nhsuk-table__cell">{shown(entry["subject"], context)} {shown(entry["type"], context)}'
            f"{reason}\n        {listed}</td>\n    </tr>\n    ")
    return mark_safe("".join(parts))  # every value is escaped by shown
