"""Import a register in any layout: upload, map its columns (a saved layout is offered again), preview, confirm
(``risks.mapping``; README "Importing a register in any layout")."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import imports as staging
from core.exceptions import Invalid
from core.models import Organisation
from core.views import refuse
from programme.models import Project, Workstream
from risks import import_plan, mapping
from risks.choices import Level
from risks.mapping_forms import MappingForm, MapUploadForm
from risks.views.common import may_add_somewhere
from risks.views.transfer import IMPORT_REFUSAL

TEMPLATE = "risks/import_map.html"
APP = "risks-mapping"  # the staged source's folder (core.imports), apart from the staged previews


@login_required
def upload(request):
    """Step 1: the file and the register its new risks join; the file is kept server-side for the mapping."""
    if not may_add_somewhere(request.user, request.tenant):
        return refuse(request, IMPORT_REFUSAL)
    form = MapUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = mapping.read_source(data["file"])
        except Invalid as exc:
            form.add_error("file", exc.messages)
        else:
            source.level = data["level"]
            source.project = data["project"].pk if data["level"] == Level.PROJECT and data.get("project") else None
            source.workstream = (data["workstream"].pk if data["level"] == Level.WORKSTREAM
                                 and data.get("workstream") else None)
            token = staging.stage(source, APP, request.tenant, request.user)
            return redirect("risks:import-map-columns", token=token)
    return render(request, TEMPLATE, {"form": form}, status=400 if form.errors else 200)


def _layout_json(form, source, layout):
    data = form.cleaned_data
    if not data.get("remember"):
        return None
    return {"name": data.get("name") or "", "headers": source.headers, "mapping": layout.mapping,
            "values": layout.values, "choices": layout.choices, "source_bands": layout.source_bands,
            "organisation": layout.organisation.pk if layout.organisation else None}


@login_required
def columns(request, token):
    """Step 2: one select per column (a saved layout for these headings pre-fills it), the values the source
    lacks, its words for categories and responses, its bands; then the preview of what importing would do."""
    if not may_add_somewhere(request.user, request.tenant):
        return refuse(request, IMPORT_REFUSAL)
    try:
        source = staging.load(mapping.Source, APP, request.tenant, request.user, token)
    except Invalid as exc:
        return render(request, TEMPLATE, {"form": MapUploadForm(), "failure": " ".join(exc.messages)},
                      status=400)
    saved = mapping.saved_layout(request.tenant, source.headers)
    form = MappingForm(request.POST or None, source=source, saved=saved)
    context = {"form": form, "source": source, "saved": saved}
    shown = request.POST.get("values_shown") == "1"
    if request.method == "POST" and form.is_valid():
        if form.value_fields and not shown:  # the source's words were not on the page yet: show them, guessed
            form = MappingForm(source=source, saved=saved, initial=request.POST.dict())
            return render(request, TEMPLATE, {**context, "form": form, "ask_values": True})
        project = Project.objects.filter(pk=source.project).first() if source.project else None
        workstream = Workstream.objects.filter(pk=source.workstream).first() if source.workstream else None
        plan = mapping.preview(source, form.layout, request.user, request.tenant, source.level, project,
                               workstream)
        plan.layout = _layout_json(form, source, form.layout)
        if plan.ok and plan.writes:
            import_plan.stage(plan, request.tenant, request.user)
        context["plan"] = plan
        return render(request, TEMPLATE, context, status=200 if plan.ok else 400)
    context["ask_values"] = bool(form.value_fields)
    return render(request, TEMPLATE, context, status=400 if form.errors else 200)


def _apply(plan, user, tenant):
    added, changed = import_plan.apply(plan, user, tenant)
    layout = None
    if plan.layout:
        data = plan.layout
        organisation = Organisation.objects.filter(pk=data["organisation"]).first() if data["organisation"] else None
        layout = mapping.save_layout(tenant, user, data["name"], data["headers"], mapping.Layout(
            mapping=data["mapping"], values=data["values"], choices=data["choices"],
            source_bands=data["source_bands"], organisation=organisation))
    return {"added": added, "changed": changed, "layout": layout}


@login_required
@require_POST
def confirm(request):
    """Step 3: apply the staged preview all or nothing (``core.imports.confirm``) and remember the layout."""
    return staging.confirm(request, import_plan.Plan, "risks", _apply, TEMPLATE, MapUploadForm(), refuse)
