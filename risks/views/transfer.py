"""Export the filtered register (App. 7 layout, .xlsx or CSV) and import a spreadsheet of that shape."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from core.export_jobs import background_or_none
from core.exports import XLSX, attachment, describe_filters, filename, title_text
from core.imports import confirm
from core.views import refuse
from risks import exports, import_plan, imports
from risks.bands import bands_for
from risks.choices import Level
from risks.forms import ImportForm
from risks.views.common import may_add_somewhere
from risks.views.register import filtered

IMPORT_REFUSAL = ("You may not import risks: an import adds risks to a register or changes them, and you may not "
                  "add a risk to any register of this partnership.")


@login_required
def export_xlsx(request):
    filterset = filtered(request)
    waiting = background_or_none(request, filterset.qs, "Risk register (.xlsx)")
    if waiting is not None:
        return waiting
    response = attachment(XLSX, filename("risk-register", request.tenant, "xlsx"))
    title = title_text("Risk register", request.tenant, describe_filters(filterset))
    exports.write_xlsx(filterset.qs, title, response, bands=bands_for(request.tenant))
    return response


@login_required
def export_csv(request):
    queryset = filtered(request).qs
    waiting = background_or_none(request, queryset, "Risk register (CSV)")
    if waiting is not None:
        return waiting
    response = attachment("text/csv; charset=utf-8", filename("risk-register", request.tenant, "csv"))
    response.write("\ufeff")  # so Excel opens it as UTF-8
    exports.write_csv(queryset, response)
    return response


@login_required
def import_register(request):
    """Upload an App. 7 register: the preview lists what would be added, changed (old → new), left unchanged
    and refused (by row number); nothing is written until the user confirms (``import_confirm``). Whoever may add
    a risk to no register is refused before the upload is looked at."""
    if not may_add_somewhere(request.user, request.tenant):
        return refuse(request, IMPORT_REFUSAL)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = data.get("project") if data["level"] == Level.PROJECT else None
        workstream = data.get("workstream") if data["level"] == Level.WORKSTREAM else None
        plan = imports.import_register(data["file"], request.user, request.tenant, data["level"], project,
                                       workstream)
        if plan.ok and plan.writes:
            import_plan.stage(plan, request.tenant, request.user)
        status = 200 if plan.ok else 400
    if form.errors:
        status = 400
    return render(request, "risks/import.html", {"form": form, "plan": plan}, status=status)


def _apply(plan, user, tenant):
    added, changed = import_plan.apply(plan, user, tenant)
    return {"added": added, "changed": changed}


@login_required
@require_POST
def import_confirm(request):
    """Apply the previewed plan kept server-side under its token, all or nothing (``core.imports.confirm``)."""
    return confirm(request, import_plan.Plan, "risks", _apply, "risks/import.html", ImportForm(), refuse)
