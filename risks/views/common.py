"""What the risk register's browser views share: visible querysets, refusals, workflow error messages."""

from django.db.models import BigIntegerField, Value
from django.shortcuts import get_object_or_404

from risks.choices import Level
from risks.models import Issue, Risk

PAGE_SIZES = (25, 50, 100)


def visible_risks(request):
    return Risk.objects.visible_to(request.user)


def get_risk(request, pk):
    """A risk of the active tenant that this user may read, else 404."""
    return get_object_or_404(visible_risks(request).select_related("owner", "project__workstream", "workstream",
                                                                   "source_organisation"),
                             pk=pk)


def get_issue(request, pk):
    return get_object_or_404(Issue.objects.visible_to(request.user).select_related("owner", "project", "workstream"),
                             pk=pk)


def creatable_levels(user, tenant):
    """The registers (levels) the user may add a risk to: checked on probe risks at each level, and at each
    project and workstream for theirs. Cached on the user for the request."""
    cache = getattr(user, "_risk_creatable_levels", None)
    if cache is not None and cache[0] == tenant.pk:
        return cache[1]
    from programme.models import Project, Workstream

    levels = set()
    for level in (Level.PROGRAMME, Level.DELIVERY_BOARD, Level.PARTNERSHIP_BOARD):
        probe = Risk(tenant=tenant, level=level)
        if user.has_perm(probe.perm("edit"), probe):
            levels.add(level)
    # Every workstream's id and every project's (with its workstream) in one query of ids, not a model instance
    # each: every risk page's navigation asks this, and a partnership has hundreds of projects.
    places = Workstream.objects.order_by().values_list("pk", Value(None, output_field=BigIntegerField())).union(
        Project.objects.order_by().values_list("workstream_id", "pk"), all=True)
    for workstream_id, project_id in places:
        if project_id is None:
            if Level.WORKSTREAM in levels:
                continue
            probe = Risk(tenant=tenant, level=Level.WORKSTREAM, workstream_id=workstream_id)
            found = Level.WORKSTREAM
        else:
            if Level.PROJECT in levels:
                continue
            probe = Risk(tenant=tenant, level=Level.PROJECT, project_id=project_id, workstream_id=workstream_id)
            found = Level.PROJECT
        if user.has_perm(probe.perm("edit"), probe):
            levels.add(found)
            if Level.WORKSTREAM in levels and Level.PROJECT in levels:
                break
    user._risk_creatable_levels = (tenant.pk, levels)
    return levels


def may_add_somewhere(user, tenant):
    """Whether the user may add a risk to any register."""
    return bool(creatable_levels(user, tenant))


def page_size(request):
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]
