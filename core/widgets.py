"""Form widgets every app shares, and Django's plain widgets drawn in Python.

Django renders each widget through two or three templates (``text.html`` includes ``input.html`` which includes
``attrs.html``; a select includes ``select_option.html`` per option): a register's filter form of 17 fields spent
more there than in its queries (docs/performance.md). ``draw(template_name, widget)`` gives the same HTML in Python,
byte for byte (tests/perf/test_python_rendering.py compares them), for the templates it knows, and None for any
other (a clearable file input, a multi-widget), which ``PythonRenderer`` then leaves to the form's own renderer."""

import html

from django import forms
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator

# Every widget template that is only ``{% include "django/forms/widgets/input.html" %}``.
INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox", "file",
    "search", "tel", "color"))
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
MODEL_ITERATORS = (ModelChoiceIterator, FilterModelChoiceIterator)  # the choices ModelOptionsSelect reads as pairs


def escape_text(value):
    """``conditional_escape(value)`` as text: a plain ``str`` escaped by ``html.escape`` directly (what Django's
    ``escape`` does, without its lazy-string wrapper, several times slower), anything else by ``conditional_escape``.
    A register page escapes thousands of values."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def escape_all(values):
    """``[escape_text(value) for value in values]``, the plain strings escaped in one ``html.escape`` call (joined
    by NUL, which escaping leaves alone and database text never holds): a select of 400 options escapes 800 texts.
    """
    plain = [value for value in values if type(value) is str]
    joined = "\0".join(plain)
    if not plain or joined.count("\0") != len(plain) - 1:
        return [escape_text(value) for value in values]
    escaped = iter(html.escape(joined).split("\0"))
    return [next(escaped) if type(value) is str else escape_text(value) for value in values]


def _attrs(attrs):
    """Django's ``attrs.html``: `` name="value"`` for each attribute, bare for True, none for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {escape_text(name)}" if value is True
                     else f' {escape_text(name)}="{escape_text(str(value))}"')
    return "".join(parts)


def draw_input(widget):
    """``input.html`` of a widget's context (``get_context(...)["widget"]``)."""
    shown = "" if widget["value"] is None else f' value="{escape_text(str(widget["value"]))}"'
    return (f'<input type="{escape_text(widget["type"])}" name="{escape_text(widget["name"])}"'
            f'{shown}{_attrs(widget["attrs"])}>')


def draw_select(widget):
    """``select.html`` with ``select_option.html`` per option; None if an option has a template of its own."""
    parts = [f'<select name="{escape_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape_text(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f'\n  <option value="{escape_text(str(option["value"]))}"'
                         f'{_attrs(option["attrs"])}>{escape_text(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def draw_textarea(widget):
    value = widget["value"]
    return (f'<textarea name="{escape_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f'{escape_text(value) if value else ""}</textarea>')


def draw(template_name, widget):
    """The HTML Django's ``template_name`` gives for ``widget`` (a widget context), or None if not drawn here."""
    if template_name in INPUT_TEMPLATES:
        return draw_input(widget)
    if template_name == SELECT_TEMPLATE:
        return draw_select(widget)
    if template_name == TEXTAREA_TEMPLATE:
        return draw_textarea(widget)
    return None


class PythonRenderer:
    """A form renderer that draws the plain widgets in Python and hands everything else to ``fallback`` (the
    form's renderer). ``render_bound`` passes it to ``Widget.render``."""

    def __init__(self, fallback):
        self.fallback = fallback

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        drawn = draw(template_name, widget) if widget is not None and request is None else None
        return self.fallback.render(template_name, context, request) if drawn is None else drawn

    def __getattr__(self, name):
        return getattr(self.fallback, name)


def render_bound(bound_field, attrs):
    """``bound_field.as_widget(attrs=attrs)``, the widget drawn by ``PythonRenderer``: the same steps as Django's
    ``BoundField.as_widget`` (the field's attributes, its id, its value), the same HTML."""
    widget = bound_field.field.widget
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs(attrs or {}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    return widget.render(name=bound_field.html_name, value=bound_field.value(), attrs=attrs,
                         renderer=PythonRenderer(bound_field.form.renderer))


class OptionsSelect(forms.Select):
    """A select rendered in Python: the HTML of Django's ``select.html`` exactly (a test compares them), without
    a template include per option. A project filter has an option per project: hundreds in a large partnership,
    which through the templates cost most of a register page (docs/performance.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(draw_select(self.get_context(name, value, attrs)["widget"]))  # every value is escaped


class ModelOptionsSelect(OptionsSelect):
    """``OptionsSelect`` for a model choice whose option labels are one field of the model (``label_field``, what the
    model's ``__str__`` gives): the options are read as ``(pk, label)`` pairs rather than as a model instance each,
    the same HTML (a test compares them). A project filter has 400 options in the benchmark's partnership: as
    instances they were a fifth of the risk register's heat map page."""

    def __init__(self, attrs=None, choices=(), label_field="name"):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        field = getattr(choices, "field", None)
        if (type(choices) not in MODEL_ITERATORS or field.to_field_name
                or type(field).label_from_instance is not ModelChoiceField.label_from_instance):
            return super().render(name, value, attrs, renderer)
        pairs = [] if field.empty_label is None else [("", field.empty_label)]
        if type(choices) is FilterModelChoiceIterator and field.null_label is not None:
            pairs.append((field.null_value, field.null_label))  # django-filter's "null" choice, after the blank
        pairs += field.queryset.values_list("pk", self.label_field)
        return mark_safe(self._draw(name, value, attrs, pairs))  # every value is escaped

    def _draw(self, name, value, attrs, pairs):
        """``select.html`` over plain ``(value, label)`` pairs, as ``Select.get_context`` and ``optgroups`` lay them
        out (no groups: a model's choices have none), without a dictionary per option."""
        widget_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        chosen = set(self.format_value(value))
        parts = [f'<select name="{escape_text(name)}"{_attrs(widget_attrs)}>']
        has_selected = False
        values = ["" if option_value is None else str(option_value) for option_value, _ in pairs]
        texts = escape_all([*values, *(label for _, label in pairs)])
        for index, option_value in enumerate(values):
            selected = (not has_selected or self.allow_multiple_selected) and option_value in chosen
            has_selected |= selected
            parts.append(f'\n  <option value="{texts[index]}"{" selected" if selected else ""}>'
                         f"{texts[len(values) + index]}</option>\n")
        parts.append("\n</select>")
        return "".join(parts)


class PythonInput:
    """An ``<input>`` rendered in Python: the HTML of Django's ``input.html`` exactly (a test compares them), without
    the two template renders Django makes per input. A benefit's page has an input per period and measure: a
    monthly profile over five years is 180 of them, which through the templates were most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(draw_input(self.get_context(name, value, attrs)["widget"]))  # every value is escaped


class NumberInput(PythonInput, forms.NumberInput):
    pass


class HiddenInput(PythonInput, forms.HiddenInput):
    pass


class DateInput(PythonInput, forms.DateInput):
    pass
