"""Export the filtered register (App. 7 layout, .xlsx or CSV) and import a spreadsheet of that shape."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.exports import XLSX, attachment, describe_filters, filename, title_text
from risks import exports, imports
from risks.choices import Level
from risks.forms import ImportForm
from risks.models import Risk
from risks.views.register import filtered



@login_required
def export_xlsx(request):
    filterset = filtered(request)
    response = attachment(XLSX, filename("risk-register", request.tenant, "xlsx"))
    title = title_text("Risk register", request.tenant, describe_filters(filterset))
    exports.write_xlsx(filterset.qs, title, response)
    return response


@login_required
def export_csv(request):
    response = attachment("text/csv; charset=utf-8", filename("risk-register", request.tenant, "csv"))
    response.write("\ufeff")  # so Excel opens it as UTF-8
    exports.write_csv(filtered(request).qs, response)
    return response


@login_required
def import_register(request):
    """Upload an App. 7 register into one register; bad rows are listed by row number and nothing is saved."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = data.get("project") if data["level"] == Level.PROJECT else None
        workstream = data.get("workstream") if data["level"] == Level.WORKSTREAM else None
        probe = Risk(tenant=request.tenant, level=data["level"], project=project,
                     workstream=project.workstream if project else workstream)
        if not request.user.has_perm(probe.perm("edit"), probe):
            from core import rules

            form.add_error(None, "You may not add risks to that register. "
                           + rules.describe_refusal(probe.perm("edit"), probe))
        else:
            report = imports.import_register(data["file"], request.user, request.tenant, data["level"], project,
                                             workstream)
            status = 200 if report.ok else 400
    if form.errors:
        status = 400
    return render(request, "risks/import.html", {"form": form, "report": report}, status=status)
