"""A partnership's settings changed outside the admin, each change with its reason: one step and one page for the
plan's tolerances, the reporting cycle and the finance RAG's tolerances (and any settings model like them: one row
per partnership, read through ``for_tenant`` as unsaved defaults until first changed, with history).

- ``change``: in one transaction, check the permission, refuse a change without a reason, record the product
  defaults first when the partnership has never changed them (so the history shows what the first change changed
  from), set the values, validate the whole row and save it with who and why. Refused (``PermissionRefused``) or bad
  input (``ValidationError`` naming the field) changes nothing.
- ``page``: the browser's form for it: the refusal page for whoever may not, the form with its error summary (a
  400) for bad input, a message and a redirect once saved, the settings' history below the form.
- ``ReasonForm``: the reason field every such form carries.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from core import rules
from core.exceptions import PermissionRefused
from core.forms import errors_onto, save_form
from core.history import change_log
from core.views import refuse

DEFAULTS_REASON = "The product defaults"
REASON_REQUIRED = "Give the reason for the change: it is kept in the settings' history."


class ReasonForm(forms.Form):
    """The reason every such form carries. A subclass naming ``model`` and ``model_fields`` gets those fields as
    the model declares them (with ``widgets``), before the reason."""

    model = None
    model_fields = ()
    widgets = {}

    reason = forms.CharField(
        label="Reason for the change", max_length=200,
        help_text="Kept with your name and the date in the settings' history.",
        error_messages={"required": "Give the reason for the change"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.model is not None:
            self.fields = {**forms.fields_for_model(self.model, fields=self.model_fields, widgets=self.widgets),
                           **self.fields}


def number_inputs(names, inputmode="numeric", width=3):
    """NHS.UK number inputs of ``width`` characters for the fields ``names``."""
    return {name: forms.NumberInput(attrs={"inputmode": inputmode, "class": f"nhsuk-input--width-{width}"})
            for name in names}


def _save(settings, user, reason):
    settings.full_clean(exclude=["tenant"])
    settings._history_user = user
    settings._change_reason = reason
    settings.save()


def change(settings, user, permission, verb, reason, values):
    """Set ``values`` ({field: value}) on ``settings`` for ``reason``; returns the saved settings."""
    model = type(settings)
    with transaction.atomic():
        saved = model.all_tenants.select_for_update().filter(tenant_id=settings.tenant_id).first()
        settings = saved or settings
        rules.require(user, permission, settings, verb=verb)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": [REASON_REQUIRED]})
        if settings.pk is None:
            _save(settings, user, DEFAULTS_REASON)
        for name, value in values.items():
            setattr(settings, name, value)
        _save(settings, user, reason)
        return settings


def page(request, settings, permission, verb, form_class, template, saved, done, fields, heading, button, cancel):
    """The settings page. ``form_class`` is a ``ReasonForm`` with the ``fields`` of ``settings`` it changes;
    ``saved`` is the message once saved and ``done`` where to go then. ``template`` extends
    ``includes/settings_page.html`` with its breadcrumbs and intro; ``heading``, ``button`` (the submit button's
    words) and ``cancel`` (a URL name) fill it."""
    if not request.user.has_perm(permission, settings):
        return refuse(request, permission, settings)
    form = form_class(request.POST or None, initial={name: getattr(settings, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        try:
            save_form(form, lambda: change(settings, request.user, permission, verb, form.cleaned_data["reason"],
                                           values))
        except PermissionRefused as exc:
            return refuse(request, exc, settings)
        except ValidationError as exc:
            errors_onto(form, exc)
        if not form.errors:
            messages.success(request, saved)
            return redirect(done)
    history = change_log(settings) if settings.pk else []
    return render(request, template, {
        "form": form, "settings": settings, "history": history, "heading": heading, "button": button,
        "cancel": reverse(cancel), "first_field": f"id_{fields[0]}",
    }, status=400 if form.errors else 200)
