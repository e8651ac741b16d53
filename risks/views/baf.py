"""Each board's Board Assurance Framework (PID s4.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from core.forms import save_form
from core.views import refuse
from risks.choices import BOARD_LEVELS, Level
from risks.forms import BafEntryForm
from risks.models import BafEntry, BoardAssuranceFramework, Risk
from risks.rules import risk_perm, visible_q

BAF_PAGE = 50  # principal risks per page: a board's framework of thousands stays a page of fifty
FORMER_SHOWN = 20  # risks formerly on the framework named below it; the rest are a link away


@login_required
def baf(request, level):
    if level not in BOARD_LEVELS:
        raise Http404("No such board.")
    framework = BoardAssuranceFramework.objects.filter(level=level).select_related("body").first()
    show_former = request.GET.get("show") == "former"
    page, rows, former, more_former = None, [], [], 0
    if framework is not None:
        # The risk's visibility through the join, not a subquery over the whole register (docs/performance.md).
        entries = (BafEntry.objects.filter(visible_q(request.user, Risk, prefix="risk__"), baf=framework)
                   .select_related("risk", "risk__owner").order_by("-risk__residual_score", "risk__number", "pk"))
        # Paged, the principal risks (or, asked for, the risks formerly on it) BAF_PAGE at a time; the page of
        # principal risks names the first FORMER_SHOWN former ones and links to the rest.
        listed = entries.filter(current=not show_former)
        page = Paginator(listed, BAF_PAGE).get_page(request.GET.get("page"))
        # Read as a slice of its own: an empty framework's page still costs its query (constant per page).
        rows = list(listed[(page.number - 1) * BAF_PAGE: page.number * BAF_PAGE])
        if not show_former:
            # Counted every time, so the page makes the same queries whatever the framework holds.
            former = list(entries.filter(current=False)[:FORMER_SHOWN])
            more_former = max(0, entries.filter(current=False).count() - FORMER_SHOWN)
    probe = BoardAssuranceFramework(tenant=request.tenant, level=level)
    return render(request, "risks/baf.html", {
        "level": Level(level), "framework": framework, "page": page, "show_former": show_former,
        "current": rows if page is not None and not show_former else [],
        "former": rows if page is not None and show_former else former, "more_former": more_former,
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
