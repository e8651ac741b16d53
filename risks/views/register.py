"""The register page, the heat map, a risk's page and its forms (DOMAIN.md s4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views import View

from benefits.models import Benefit
from core import rules
from core.filters import bind_form
from core.forms import save_form
from core.history import change_log, history_limit
from core.paging import register_page
from core.views import refuse
from meetings import decisions
from risks import scoring, workflows
from risks.bands import PERMISSION as BANDS_PERMISSION
from risks.bands import bands_for
from risks.filtersets import RiskFilterSet
from risks.forms import RiskForm
from risks.models import BafEntry, Risk
from risks.rules import BOARDS
from risks.views.common import creatable_levels, get_risk, may_add_somewhere, page_size, visible_risks

BASES = ("residual", "inherent")
# What the register's rows show (``{% register_rows %}``), read as values rather than four model instances a row:
# the risk's own columns (every column the register may be sorted by among them: a page's cursor is made of them,
# core.keyset), paged, and then the names of the page's owners, places and source organisations in one query. Joined
# into the paged query, those names would be read for every row the page's capped count scans (10,001 rows, through
# four joins row-level security keeps PostgreSQL from removing: 8 ms instead of 1.2 ms at 20,000 risks).
ROW_FIELDS = (
    "id", "number", "ref", "title", "restricted", "level", "project_id", "workstream_id", "category", "nature",
    "owner_id", "owner_name", "inherent_score", "inherent_rag", "residual_score", "residual_rag", "residual_assessed",
    "source_inherent_rag", "source_residual_rag", "source_organisation_id", "review_date", "date_identified",
    "status", "archived",
)
NAME_FIELDS = ("project__name", "workstream__name", "owner__first_name", "owner__last_name", "owner__username",
               "source_organisation__code")


def with_names(rows):
    """``rows`` (values with ``ROW_FIELDS``) with their ``NAME_FIELDS`` added, read in one query."""
    names = {row.pop("id"): row for row in Risk.objects.filter(pk__in=[row["id"] for row in rows]).order_by().values(
        "id", *NAME_FIELDS)}
    for row in rows:
        row.update(names[row["id"]])
    return rows


def register_queryset(request):
    # Read as values by each of its readers (the rows, the heat map's counts, the downloads): nothing to join here.
    return visible_risks(request)


def filtered(request, data=None):
    return bind_form(RiskFilterSet(data if data is not None else request.GET, queryset=register_queryset(request),
                                   request=request))


@login_required
def register(request):
    """The register with filters (the API's FilterSet), sorting, search and paging."""
    filterset = filtered(request)
    page = register_page(request, filterset.qs.values(*ROW_FIELDS), page_size(request))
    return render(request, "risks/register.html", {
        "filterset": filterset,
        "page": page,
        "risks": with_names(page.rows),
        "can_add": may_add_somewhere(request.user, request.tenant),
        "page_sizes": (25, 50, 100),
    })


@login_required
def heatmap(request):
    """The 5×5 matrix of the filtered register, inherent or residual; each cell links to its risks."""
    basis = request.GET.get("basis") if request.GET.get("basis") in BASES else "residual"
    data = request.GET.copy()
    for name in ("page", "cursor", "basis", f"{basis}_likelihood", f"{basis}_impact"):
        data.pop(name, None)
    filterset = filtered(request, data)
    counts = {
        (row[f"{basis}_likelihood"], row[f"{basis}_impact"]): row["n"]
        for row in filterset.qs.order_by().values(f"{basis}_likelihood", f"{basis}_impact").annotate(n=Count("pk"))
    }
    base_query = data.urlencode()
    bands = bands_for(request.tenant)
    rows = []
    for likelihood in reversed(scoring.RATINGS):
        cells = []
        for impact in scoring.RATINGS:
            score = likelihood * impact
            query = f"{base_query}&" if base_query else ""
            cells.append({
                "likelihood": likelihood, "impact": impact, "score": score, "rag": bands.rag(score),
                "count": counts.get((likelihood, impact), 0),
                "query": f"{query}{basis}_likelihood={likelihood}&{basis}_impact={impact}",
            })
        rows.append({"likelihood": likelihood, "cells": cells})
    return render(request, "risks/heatmap.html", {
        "filterset": filterset, "basis": basis, "rows": rows, "impacts": list(scoring.RATINGS),
        "total": sum(counts.values()), "other_basis": "inherent" if basis == "residual" else "residual",
        "base_query": base_query, "basis_keep": [("basis", basis)], "bands": bands,
        "can_change_bands": request.user.has_perm(BANDS_PERMISSION),
    })


@login_required
def score(request):
    """The htmx fragment beside a form's ratings: score and RAG as text and colour."""
    basis = request.GET.get("basis") if request.GET.get("basis") in ("inherent", "residual", "target") else "residual"
    try:
        likelihood = scoring.parse_rating(request.GET.get(f"{basis}_likelihood"), allow_hml=False)
        impact = scoring.parse_rating(request.GET.get(f"{basis}_impact"), allow_hml=False)
        result = {"score": scoring.severity(likelihood, impact)}
        result["rag"] = bands_for(request.tenant).rag(result["score"])
    except scoring.RatingError:
        result = None
    return HttpResponse(render_to_string("risks/_score.html", {"result": result, "basis": basis}))


@login_required
def detail(request, pk):
    risk = get_risk(request, pk)
    user = request.user
    moves = list(risk.moves.select_related("proposed_by", "decided_by", "to_project", "to_workstream"))
    pending = next((move for move in moves if move.is_pending), None)
    risk.pending_move = pending  # read already: the workflow's state needs it
    workflow = workflows.for_risk(risk)
    # The buttons are the steps the risk's workflow table offers this user now (state, roles, separation of duties).
    steps = {step.name for step in workflow.available(user, risk)}
    context = {
        "risk": risk,
        "actions": list(risk.actions.select_related("owner")),
        "moves": moves,
        "pending": pending,
        "history": change_log(risk, limit=history_limit(request)),
        "baf_entries": list(BafEntry.objects.filter(risk=risk).select_related("baf")),
        "objectives": list(risk.objectives.all()),
        "benefits": list(risk.benefits.filter(pk__in=Benefit.objects.visible_to(user).values("pk")).only(
            "pk", "ref", "title")),
        "issues": list(risk.issues.filter(archived=False)),
        "steps": steps,
        "can_edit": user.has_perm(risk.perm("edit"), risk),
        # The page shows its "Manage this risk" panel to whoever holds the closing permission; the close button
        # itself only while the risk is open (the "close" step).
        "can_close": user.has_perm(workflow["close"].perm, risk),
        "is_open": risk.status == "open" and not risk.archived,
        "can_escalate": "escalate" in steps,
        "can_deescalate": "deescalate" in steps,
    }
    if pending is not None:
        context["can_decide"] = workflows.for_move(pending).may(user, pending, "accept")
        kind = BOARDS.get(pending.decide_perm)
        if kind and context["can_decide"]:  # the board's decision: its meeting, or a chair's action
            context["board"] = decisions.board(kind)
            context["board_meetings"] = decisions.recent_meetings(context["board"])
        context["decider_is_proposer"] = user.pk in rules.parties_of(pending)
    return render(request, "risks/detail.html", context)


@method_decorator(login_required, name="dispatch")
class RiskFormView(View):
    """Create (no ``pk``) or edit a risk; R at the risk's level is checked before and after the change."""

    template_name = "risks/form.html"

    def get_object(self, pk):
        return get_risk(self.request, pk) if pk else None

    def form(self, risk, data=None):
        form = RiskForm(data, instance=risk, tenant=self.request.tenant, user=self.request.user,
                        initial={} if risk else self.initial())
        if risk is None:  # offer only the registers this user may add a risk to
            levels = creatable_levels(self.request.user, self.request.tenant)
            form.fields["level"].choices = [(value, label) for value, label in form.fields["level"].choices
                                            if value == "" or value in levels]
            form.fields["level"].error_messages["invalid_choice"] = (
                "You may not keep risks on that register: choose one of the registers offered.")
        return form

    def initial(self):
        query = self.request.GET
        initial = {name: query[name] for name in ("level", "project", "workstream") if query.get(name)}
        initial.setdefault("owner", self.request.user.pk)
        return initial

    def get(self, request, pk=None):
        risk = self.get_object(pk)
        if risk is not None and not request.user.has_perm(risk.perm("edit"), risk):
            return refuse(request, risk.perm("edit"), risk)
        return self.render(self.form(risk), risk)

    def post(self, request, pk=None):
        risk = self.get_object(pk)
        if risk is not None and not request.user.has_perm(risk.perm("edit"), risk):
            return refuse(request, risk.perm("edit"), risk)
        form = self.form(risk, request.POST)
        if form.is_valid():
            candidate = form.instance
            if not request.user.has_perm(candidate.perm("edit"), candidate):
                form.add_error(None, "You may not keep risks on that register. "
                               + rules.describe_refusal(candidate.perm("edit"), candidate))
            else:
                if risk is None:
                    candidate.created_by = request.user
                saved = save_form(form)  # a database refusal becomes a form error
                if saved is not None:
                    messages.success(request, f"{saved.ref} was {'updated' if risk else 'added to the register'}.")
                    return redirect("risks:detail", saved.pk)
        return self.render(form, risk, status=400)

    def render(self, form, risk, status=200):
        return render(self.request, self.template_name, {
            "form": form, "risk": risk, "scores": {basis: form.score(basis) for basis in ("inherent", "residual",
                                                                                           "target")},
        }, status=status)
