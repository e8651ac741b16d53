"""What the risk register's browser views share: visible querysets, refusals, workflow error messages."""

from django.shortcuts import get_object_or_404

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
