"""Export the filtered register (App. 7 layout, .xlsx or CSV) and import a spreadsheet of that shape."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from risks import exports, imports
from risks.choices import Level
from risks.forms import ImportForm
from risks.models import Risk
from risks.views.register import filtered

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(request, extension):
    return f"risk-register-{request.tenant.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
def export_xlsx(request):
    queryset = filtered(request).qs
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "xlsx")}"'
    exports.write_xlsx(queryset, f"{request.tenant.name}: risk register", response)
    return response


@login_required
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
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
