"""The money profile editor: lines, partner split and stated totals as formsets, saved all at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from business_cases import money, services
from business_cases.choices import CaseStatus
from business_cases.forms import (
    LINE_FIELDS,
    SHARE_FIELDS,
    STATED_FIELDS,
    LineFormSet,
    ShareFormSet,
    StatedFormSet,
    initial_rows,
    rows,
)
from core.exceptions import DOMAIN_ERRORS
from core.views import refuse, report

from .common import get_case


@login_required
def edit(request, pk):
    case = get_case(request, pk)
    perm = case.perm("change")
    if not request.user.has_perm(perm, case):
        return refuse(request, perm, case)
    if case.status != CaseStatus.DRAFT:
        messages.error(request, f"{case.ref} is {case.get_status_display().lower()}: only a draft's money profile "
                       "can be changed.")
        return redirect("business_cases:detail", case.pk)
    lines, shares, stated = list(case.money_lines.all()), list(case.cost_shares.all()), list(case.stated_totals.all())
    data = request.POST if request.method == "POST" else None
    formsets = {
        "lines": LineFormSet(data, prefix="lines", initial=initial_rows(lines, LINE_FIELDS)),
        "split": ShareFormSet(data, prefix="split", initial=initial_rows(shares, SHARE_FIELDS)),
        "stated_totals": StatedFormSet(data, prefix="stated", initial=initial_rows(stated, STATED_FIELDS)),
    }
    if data is not None and all(formset.is_valid() for formset in formsets.values()):
        try:
            services.replace_money_profile(
                case, request.user, lines=rows(formsets["lines"], LINE_FIELDS),
                split=rows(formsets["split"], SHARE_FIELDS), stated_totals=rows(formsets["stated_totals"],
                                                                                 STATED_FIELDS))
        except DOMAIN_ERRORS as exc:
            report(request, exc)
        else:
            messages.success(request, f"The money profile of {case.ref} was saved.")
            return redirect("business_cases:detail", case.pk)
    errors = data is not None
    return render(request, "business_cases/money_form.html", {
        "case": case, **formsets, "summary": money.summarise(case.value, lines, shares, stated),
        "has_errors": errors,
    }, status=400 if errors else 200)
