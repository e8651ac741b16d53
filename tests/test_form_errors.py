"""core.forms.errors_onto: a service's ValidationError lands on the field it names where the form shows it, else
above the fields; one without fields lands above the fields too (the views of plan, change control and lifecycle)."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import errors_onto


class NoteForm(forms.Form):
    note = forms.CharField(max_length=50)


def test_named_fields_go_on_the_field_others_above():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    errors_onto(form, ValidationError({"note": ["Too vague."], "hidden": ["Not on this form."]}))
    assert form.errors["note"] == ["Too vague."]
    assert form.non_field_errors() == ["Not on this form."]


def test_an_error_without_fields_goes_above():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    errors_onto(form, ValidationError("The whole thing is wrong."))
    assert form.non_field_errors() == ["The whole thing is wrong."] and "note" not in form.errors
