"""Form widgets every app shares."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """Django's ``attrs.html``: `` name="value"`` for each attribute, bare for True, none for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True
                     else f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class OptionsSelect(forms.Select):
    """A select rendered in Python: the HTML of Django's ``select.html`` exactly (a test compares them), without
    a template include per option. A project filter has an option per project: hundreds in a large partnership,
    which through the templates cost most of a register page (docs/performance.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                parts.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                             f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped


class PythonInput:
    """An ``<input>`` rendered in Python: the HTML of Django's ``input.html`` exactly (a test compares them), without
    the two template renders Django makes per input. A benefit's page has an input per period and measure: a
    monthly profile over five years is 180 of them, which through the templates were most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return mark_safe(  # every value is escaped
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{shown}{_attrs(widget["attrs"])}>')


class NumberInput(PythonInput, forms.NumberInput):
    pass


class HiddenInput(PythonInput, forms.HiddenInput):
    pass


class DateInput(PythonInput, forms.DateInput):
    pass
