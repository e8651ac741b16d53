"""Template helpers that give Django form fields their NHS.UK frontend markup.

``{% form_field field %}`` is ``includes/form_field.html`` drawn in Python (the template now only calls it): the same
HTML, byte for byte, for every kind of field it lays out (tests/perf/test_python_rendering.py renders the template it
replaced beside it). Through the template engine, a register's filter form of 17 fields (label, hint, errors, and the
control through Django's widget templates) cost a quarter of the register page (docs/performance.md)."""

from django import forms, template
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

from core.widgets import escape_text, render_bound

register = template.Library()

_CONTEXT = Context(autoescape=True)


def shown(value, context=_CONTEXT):
    """``{{ value }}`` in a template (``context``: the page's, or an autoescaping one): localized, then escaped unless
    safe (a plain ``str`` is only escaped). The tags that draw rows in Python show their values through it."""
    if type(value) is str:
        return escape_text(value)
    return render_value_in_context(value, context)

@register.filter
def field_kind(bound_field):
    """How the NHS design system lays the field out: as a group of checkboxes or radios, or a single control."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "control"


@register.filter
def error_anchor(bound_field):
    """The id the error summary links to: the control itself, or the first option of a group."""
    if field_kind(bound_field) in {"checkboxes", "radios"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def described_by(bound_field):
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def nhs_control(bound_field):
    """Render a single control (input, select, textarea, file, one checkbox) with the NHS classes, error state
    and hint/error ids."""
    widget = bound_field.field.widget
    error_class = True
    if isinstance(widget, forms.Select):
        base = "nhsuk-select"
    elif isinstance(widget, forms.Textarea):
        base = "nhsuk-textarea"
    elif isinstance(widget, forms.CheckboxInput):
        base, error_class = "nhsuk-checkboxes__input", False
    elif isinstance(widget, forms.FileInput):
        base, error_class = "nhsuk-file-upload__input", False
    else:
        base = "nhsuk-input"
    classes = [base]
    if bound_field.errors and error_class:
        classes.append(f"{base}--error")
    if isinstance(widget, forms.DateInput):
        classes.append("nhsuk-input--width-10")
    existing = widget.attrs.get("class")
    if existing:
        classes.append(existing)
    attrs = {"class": " ".join(classes)}
    described = described_by(bound_field)
    if described:
        attrs["aria-describedby"] = described
    return render_bound(bound_field, attrs)


def _errors(bound_field, auto_id):
    first = f' id="{auto_id}-error"'
    return "".join(
        f'<span class="nhsuk-error-message"{first if index == 0 else ""}>'
        f'<span class="nhsuk-u-visually-hidden">Error: </span>{shown(error)}</span>'
        for index, error in enumerate(bound_field.errors))


def _options(bound_field, kind):
    """The checkboxes' or radios' items, with the whitespace of the template's loop."""
    name = shown(bound_field.html_name)
    kind_of_input = "radio" if kind == "radios" else "checkbox"
    parts = []
    for option in bound_field.subwidgets:
        ident = shown(option.id_for_label)
        checked = " checked" if option.data["selected"] else ""
        parts.append(
            f'\n      <div class="nhsuk-{kind}__item">\n'
            f'        <input class="nhsuk-{kind}__input" id="{ident}" name="{name}" type="{kind_of_input}" '
            f'value="{shown(option.data["value"])}"{checked}>\n'
            f'        <label class="nhsuk-label nhsuk-{kind}__label" for="{ident}">'
            f"{shown(option.choice_label)}</label>\n"
            f"      </div>\n      ")
    if not parts and kind == "checkboxes":
        parts.append('\n      <p class="nhsuk-body-s">There is nothing to choose from yet.</p>\n      ')
    return "".join(parts)


def _group(bound_field, kind, auto_id, label, optional, hint):
    described = described_by(bound_field)
    described = f' aria-describedby="{shown(described)}"' if described else ""
    if kind == "checkboxes":
        widget_attrs = bound_field.field.widget.attrs
        search = widget_attrs.get("filter")
        search_box = (
            f'<div class="portal-checkbox-filter"><label class="nhsuk-label nhsuk-label--s" for="{auto_id}-filter">'
            f'{shown(search)}</label>\n    <input class="nhsuk-input nhsuk-u-width-one-half" id="{auto_id}-filter" '
            f'type="search" autocomplete="off" data-filters="{auto_id}-options"></div>') if search else ""
        classes = (" nhsuk-checkboxes--small" if widget_attrs.get("small") else "") + (
            " portal-checkbox-list" if search else "")
        items = (f'\n    {search_box}\n    <div class="nhsuk-checkboxes{classes}" id="{auto_id}-options" '
                 f'data-module="nhsuk-checkboxes">\n      {_options(bound_field, kind)}\n    </div>\n    ')
    else:
        items = (f'\n    <div class="nhsuk-radios" data-module="nhsuk-radios">\n      {_options(bound_field, kind)}'
                 f'\n    </div>\n    ')
    return (f'\n  <fieldset class="nhsuk-fieldset"{described}>\n'
            f'    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{label}{optional}</legend>\n'
            f'    {hint}\n    {_errors(bound_field, auto_id)}\n    {items}\n  </fieldset>\n')


@register.simple_tag
def form_field(bound_field):
    """A form field in the NHS.UK layout: ``includes/form_field.html``'s HTML (label, hint, errors, the control or
    the group of checkboxes or radios), drawn in Python."""
    kind = field_kind(bound_field)
    auto_id = shown(bound_field.auto_id)
    label = shown(bound_field.label)
    help_text = bound_field.help_text
    group = " nhsuk-form-group--error" if bound_field.errors else ""
    if kind == "file":
        group += ' nhsuk-file-upload" data-module="nhsuk-file-upload'
    if kind == "checkbox":
        hint = (f'<div class="nhsuk-hint nhsuk-checkboxes__hint" id="{auto_id}-hint">{shown(help_text)}</div>'
                if help_text else "")
        body = (f'\n  {_errors(bound_field, auto_id)}\n'
                f'  <div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">\n'
                f'    <div class="nhsuk-checkboxes__item">\n      {nhs_control(bound_field)}\n'
                f'      <label class="nhsuk-label nhsuk-checkboxes__label" for="{shown(bound_field.id_for_label)}">'
                f'{label}</label>\n      {hint}\n    </div>\n  </div>\n')
    else:
        optional = "" if bound_field.field.required else " (optional)"
        hint = f'<div class="nhsuk-hint" id="{auto_id}-hint">{shown(help_text)}</div>' if help_text else ""
        if kind in {"checkboxes", "radios"}:
            body = _group(bound_field, kind, auto_id, label, optional, hint)
        else:
            body = (f'\n  <label class="nhsuk-label" for="{shown(bound_field.id_for_label)}">'
                    f"{label}{optional}</label>\n"
                    f'  {hint}\n  {_errors(bound_field, auto_id)}\n  {nhs_control(bound_field)}\n')
    return mark_safe(f'\n<div class="nhsuk-form-group{group}">\n{body}\n</div>\n\n')  # every value is escaped
