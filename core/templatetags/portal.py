"""Template helpers that give Django form fields their NHS.UK frontend markup."""

from django import forms, template

register = template.Library()







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
    return bound_field.as_widget(attrs=attrs)
