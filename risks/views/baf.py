"""Each board's Board Assurance Framework (PID s4.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.forms import save_form
from core.views import refuse
from risks.choices import BOARD_LEVELS, Level
from risks.forms import BafEntryForm
from risks.models import BafEntry, BoardAssuranceFramework, Risk
from risks.rules import risk_perm, visible_q


@login_required
def baf(request, level):
    if level not in BOARD_LEVELS:
        raise Http404("No such board.")
    framework = BoardAssuranceFramework.objects.filter(level=level).select_related("body").first()
    entries = []
    if framework is not None:
        # The risk's visibility through the join, not a subquery over the whole register (docs/performance.md).
        entries = list(
            BafEntry.objects.filter(visible_q(request.user, Risk, prefix="risk__"), baf=framework)
            .select_related("risk", "risk__owner").order_by("-current", "-risk__residual_score", "risk__number")
        )
    probe = BoardAssuranceFramework(tenant=request.tenant, level=level)
    return render(request, "risks/baf.html", {
        "level": Level(level), "framework": framework,
        "current": [e for e in entries if e.current], "former": [e for e in entries if not e.current],
        "can_assure": request.user.has_perm(risk_perm("assure", level), probe),
        "boards": [Level(b) for b in BOARD_LEVELS],
    })


@login_required
def edit_entry(request, pk):
    entry = get_object_or_404(
        BafEntry.objects.filter(visible_q(request.user, Risk, prefix="risk__")).select_related("baf", "risk"), pk=pk)
    perm = risk_perm("assure", entry.baf.level)
    if not request.user.has_perm(perm, entry):
        return refuse(request, perm, entry)
    form = BafEntryForm(request.POST or None, instance=entry, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        if save_form(form) is not None:  # a database refusal becomes a form error
            messages.success(request, f"The BAF entry for {entry.risk.ref} was updated.")
            return redirect("risks:baf", entry.baf.level)
    return render(request, "risks/baf_entry_form.html", {"form": form, "entry": entry},
                  status=400 if form.errors else 200)
