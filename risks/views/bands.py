"""The page where those who may change the risk settings set the partnership's RAG bands and H/M/L ratings
(``risks.bands``): each change with its reason, a preview of how many risks would change colour, the settings'
history below the form (the layout of ``core.settings_pages``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import settings_pages
from core.exceptions import PermissionRefused
from core.forms import errors_onto, save_form
from core.history import change_log
from core.views import refuse
from risks import bands
from risks.models import RiskSettings


class BandsForm(settings_pages.ReasonForm):
    model, model_fields = RiskSettings, bands.FIELDS
    widgets = settings_pages.number_inputs(bands.FIELDS, width=2)


def _saved_message(changed):
    if not changed:
        return "The risk bands were saved. No risk changed colour."
    return f"The risk bands were saved. {changed} risk{'s' if changed != 1 else ''} changed colour."


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bands_form(request):
    settings = bands.current(request.tenant)
    if not request.user.has_perm(bands.PERMISSION, settings):
        return refuse(request, bands.PERMISSION, settings)
    previewing = "preview" in request.POST
    form = BandsForm(request.POST or None, initial={name: getattr(settings, name) for name in bands.FIELDS})
    if previewing:
        form.fields["reason"].required = False  # a preview saves nothing
    preview = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in bands.FIELDS}
        changed = None
        try:
            parts = bands.parts_of(values)
            if previewing:
                preview = bands.preview(request.tenant, *parts)
            else:
                changed = save_form(form, lambda: bands.change_bands(request.tenant, request.user, *parts,
                                                                     form.cleaned_data["reason"]))
        except PermissionRefused as exc:
            return refuse(request, exc, settings)
        except ValidationError as exc:
            errors_onto(form, exc)
        if not form.errors and not previewing:
            messages.success(request, _saved_message(changed))
            return redirect("risks:bands")
    return render(request, "risks/bands.html", {
        "form": form, "settings": settings, "history": change_log(settings) if settings.pk else [],
        "heading": "Risk bands", "button": "Save the bands", "cancel": reverse("risks:heatmap"),
        "first_field": f"id_{bands.FIELDS[0]}", "bands": settings.bands, "preview": preview,
    }, status=400 if form.errors else 200)
