"""Recording a stage of a case decided outside the portal (``business_cases.elsewhere``), from the case's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from business_cases import elsewhere
from business_cases.forms import PriorDecisionForm
from core.exceptions import DOMAIN_ERRORS
from core.forms import errors_onto
from core.views import refuse, report

from .common import get_case


@login_required
def record(request, pk):
    case = get_case(request, pk)
    if not request.user.has_perm(elsewhere.RECORD, case):
        return refuse(request, elsewhere.RECORD, case)
    if not elsewhere.stages_before_last(case):
        messages.error(request, f"{case.ref} is a {case.get_tier_display()} case: its only stage is decided by the "
                                "portal's boards, so there is nothing to record as decided elsewhere.")
        return redirect("business_cases:detail", case.pk)
    form = PriorDecisionForm(request.POST or None, case=case, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            decision = elsewhere.record_prior_decision(case, request.user, form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        except DOMAIN_ERRORS as exc:
            report(request, exc)
            return redirect("business_cases:detail", case.pk)
        else:
            messages.success(request, f"Recorded on {case.ref}: {decision.label}.")
            return redirect("business_cases:detail", case.pk)
    return render(request, "business_cases/prior_decision_form.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)
