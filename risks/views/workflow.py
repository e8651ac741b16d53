"""POST-only workflow steps from a risk's page; each calls one service and reports back on the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exceptions import DOMAIN_ERRORS
from core.forms import save_form
from core.views import refuse, report
from meetings.decisions import HowDecided
from risks import services
from risks.choices import Level
from risks.forms import DecisionForm, DeescalateForm, MitigationActionForm, ReasonForm
from risks.views.common import get_risk


def _run(request, pk, form_class, step, success):
    risk = get_risk(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("risks:detail", risk.pk)
    try:
        result = step(risk, form.cleaned_data)
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, success(risk, result))
    return redirect("risks:detail", risk.pk)


@login_required
@require_POST
def escalate(request, pk):
    return _run(request, pk, ReasonForm, lambda risk, data: services.escalate(risk, request.user, data["reason"]),
                lambda risk, move: f"Escalation of {risk.ref} to the {move.get_to_level_display()} proposed.")


@login_required
@require_POST
def deescalate(request, pk):
    return _run(
        request, pk, DeescalateForm,
        lambda risk, data: services.deescalate(risk, request.user, data["reason"], data.get("workstream"),
                                               data.get("project")),
        lambda risk, move: f"De-escalation of {risk.ref} to the {move.get_to_level_display()} proposed.",
    )


@login_required
@require_POST
def accept(request, pk):
    return _run(request, pk, DecisionForm, lambda risk, data: services.accept(risk, request.user, data["note"],
                                                                                   how=HowDecided.from_data(data)),
                lambda risk, move: f"{risk.ref} is now on the {Level(move.to_level).label}.")


@login_required
@require_POST
def reject(request, pk):
    return _run(request, pk, DecisionForm, lambda risk, data: services.reject(risk, request.user, data["note"],
                                                                                   how=HowDecided.from_data(data)),
                lambda risk, move: f"The proposed move of {risk.ref} was rejected.")


@login_required
@require_POST
def close(request, pk):
    return _run(request, pk, DecisionForm, lambda risk, data: services.close(risk, request.user, data["note"]),
                lambda risk, _: f"{risk.ref} was closed.")


@login_required
@require_POST
def archive(request, pk):
    return _run(request, pk, DecisionForm, lambda risk, data: services.archive(risk, request.user),
                lambda risk, _: f"{risk.ref} was archived: it keeps its history and leaves the live register.")


@login_required
def add_action(request, pk):
    """Add a mitigation action (R at the risk's level)."""
    risk = get_risk(request, pk)
    perm = risk.perm("edit")
    if not request.user.has_perm(perm, risk):
        return refuse(request, perm, risk)
    form = MitigationActionForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        form.instance.risk = risk
        if save_form(form) is None:  # a database refusal is a form error
            return render(request, "risks/action_form.html", {"form": form, "risk": risk}, status=400)
        messages.success(request, f"Action added to {risk.ref}.")
        return redirect("risks:detail", risk.pk)
    return render(request, "risks/action_form.html", {"form": form, "risk": risk},
                  status=400 if form.errors else 200)
