"""Import the plan from a spreadsheet of the export's shape: a preview first, written only once confirmed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from core import imports as staging
from core.imports import Preview
from core.views import refuse
from plan import import_apply, imports
from plan.forms import ImportForm

TEMPLATE = "plan/import.html"


@login_required
def import_plan(request):
    """Upload the plan (.xlsx or CSV): the preview lists the items and external dependencies that would be added,
    changed (old → new), left unchanged and refused (by row and column); nothing is written until the user confirms
    (``import_confirm``)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = imports.preview(form.cleaned_data["file"], request.user, request.tenant)
        if preview.ok and preview.writes:
            staging.stage(preview, "plan", request.tenant, request.user)
    status = 400 if form.errors or (preview and not preview.ok) else 200
    return render(request, TEMPLATE, {"form": form, "plan": preview}, status=status)


@login_required
@require_POST
def import_confirm(request):
    """Apply the preview kept server-side under its token, all or nothing."""
    return staging.confirm(request, Preview, "plan", import_apply.apply, TEMPLATE, ImportForm(), refuse)
