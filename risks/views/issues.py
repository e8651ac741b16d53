"""The issue log (PID s4.4 "Issue Resolution")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import rules
from core.exceptions import DOMAIN_ERRORS
from core.exports import describe_filters, export_response, wants_export
from core.forms import save_form
from core.history import change_log, history_limit
from core.paging import register_page
from core.views import refuse, report
from risks import services, workflows
from risks.exports import ISSUE_COLUMNS
from risks.filtersets import IssueFilterSet
from risks.forms import IssueForm, ReasonForm
from risks.models import Issue
from risks.views.common import get_issue, page_size


@login_required
def issue_log(request):
    queryset = Issue.objects.visible_to(request.user).select_related("owner", "project", "workstream")
    filterset = IssueFilterSet(request.GET, queryset=queryset.select_related("project__workstream"), request=request)
    if wants_export(request):
        return export_response(request, "issue-log", "Issue log", ISSUE_COLUMNS, filterset.qs,
                               describe_filters(filterset))
    page = register_page(request, filterset.qs, page_size(request))
    return render(request, "risks/issues.html", {"filterset": filterset, "page": page, "issues": page.rows})


@login_required
def issue_detail(request, pk):
    issue = get_issue(request, pk)
    next_stage = services.next_arbiter(issue)
    # The buttons are the steps the issue's workflow table offers this user now.
    steps = {step.name for step in workflows.for_issue(issue).available(request.user, issue)}
    can_refer = next_stage is not None and workflows.refer_step(next_stage) in steps
    return render(request, "risks/issue_detail.html", {
        "issue": issue, "history": change_log(issue, limit=history_limit(request)), "next_stage": next_stage,
        "can_refer": can_refer,
        "steps": steps,
        "escalations": list(issue.escalations.select_related("escalated_by")),
        "can_edit": request.user.has_perm(issue.perm("edit"), issue),
    })


@login_required
def issue_form(request, pk=None):
    issue = get_issue(request, pk) if pk else None
    if issue is not None and not request.user.has_perm(issue.perm("edit"), issue):
        return refuse(request, issue.perm("edit"), issue)
    initial = {"owner": request.user.pk, **{k: request.GET[k] for k in ("level", "project", "workstream")
                                             if request.GET.get(k)}}
    form = IssueForm(request.POST or None, instance=issue, tenant=request.tenant, initial=initial if not pk else {})
    if request.method == "POST" and form.is_valid():
        candidate = form.instance
        if not request.user.has_perm(candidate.perm("edit"), candidate):
            form.add_error(None, "You may not keep issues on that log. "
                           + rules.describe_refusal(candidate.perm("edit"), candidate))
        else:
            if issue is None:
                candidate.created_by = request.user
            saved = save_form(form)  # a database refusal becomes a form error
            if saved is not None:
                messages.success(request, f"{saved.ref} was {'updated' if issue else 'logged'}.")
                return redirect("risks:issue", saved.pk)
    return render(request, "risks/issue_form.html", {"form": form, "issue": issue},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def refer_dispute(request, pk):
    issue = get_issue(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for referring the dispute.")
        return redirect("risks:issue", issue.pk)
    try:
        step = services.escalate_dispute(issue, request.user, form.cleaned_data["reason"])
    except DOMAIN_ERRORS as exc:
        report(request, exc)
    else:
        messages.success(request, f"The dispute on {issue.ref} was referred to the {step.get_to_stage_display()}.")
    return redirect("risks:issue", issue.pk)
