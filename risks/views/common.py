"""What the risk register's browser views share: visible querysets, refusals, workflow error messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from rest_framework.exceptions import APIException

from core import rules
from risks.choices import Level
from risks.models import Issue, Risk

PAGE_SIZES = (25, 50, 100)


def visible_risks(request):
    return Risk.objects.visible_to(request.user)


def get_risk(request, pk):
    """A risk of the active tenant that this user may read, else 404."""
    return get_object_or_404(visible_risks(request).select_related("owner", "project__workstream", "workstream"),
                             pk=pk)


def get_issue(request, pk):
    return get_object_or_404(Issue.objects.visible_to(request.user).select_related("owner", "project", "workstream"),
                             pk=pk)


def refuse(request, perm, obj):
    """403 page saying which roles may (the programme's template)."""
    return render(request, "programme/forbidden.html", {
        "object": obj, "reason": rules.describe_refusal(perm, obj),
    }, status=403)


def report_workflow_error(request, exc):
    """Turn a service's 409/403/400 into a message on the page the user returns to."""
    if isinstance(exc, ValidationError):
        text = " ".join(exc.messages)
    elif isinstance(exc, APIException):
        text = str(exc.detail)
    else:  # pragma: no cover - only the three kinds above are caught by callers
        text = str(exc)
    messages.error(request, text)


WORKFLOW_ERRORS = (ValidationError, APIException)


def may_add_somewhere(user, tenant):
    """Whether the user may add a risk to any register: checked on probe risks at each level."""
    from programme.models import Project

    for level in (Level.PROGRAMME, Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD):
        probe = Risk(tenant=tenant, level=level)
        if user.has_perm(probe.perm("edit"), probe):
            return True
    for project in Project.objects.only("pk", "workstream_id", "tenant_id"):
        probe = Risk(tenant=tenant, level=Level.PROJECT, project_id=project.pk, workstream_id=project.workstream_id)
        if user.has_perm(probe.perm("edit"), probe):
            return True
    return False


def page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]
