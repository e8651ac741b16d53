"""Browser pages of the programme: the hierarchy, workstreams and projects, and the partnership switcher.

Every queryset here is a tenant-scoped default manager, so another partnership's
row is simply not found (404); whether a user may change a row is asked of
``user.has_perm`` and nothing else.
"""


from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from core import registry
from core.views import TenantEditView
from programme.choices import WorkstreamKind
from programme.forms import ProjectForm, WorkstreamForm
from programme.models import Body, Objective, Programme, Project, RoleAssignment, Stage, Workstream


def body_tree(bodies):
    """The governance hierarchy (PID s3.2) as nested (body, children) pairs, from the top bodies down.

    Built in Python from one query so the page costs the same however many bodies there are.
    """
    children = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)

    def branch(parent_id):
        return [(body, branch(body.pk)) for body in children.get(parent_id, [])]

    return branch(None)


class OverviewView(LoginRequiredMixin, TemplateView):
    """The programme on one page: vision, governance, objectives, stages, workstreams and their projects."""

    template_name = "programme/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workstreams = Workstream.objects.select_related("sro", "lead").prefetch_related(
            Prefetch("projects", queryset=Project.objects.select_related("manager").order_by("name"))
        )
        by_kind = {kind: [] for kind in WorkstreamKind}
        for workstream in workstreams:
            by_kind.setdefault(workstream.kind, []).append(workstream)
        context.update({
            "programme": Programme.objects.first(),
            "body_tree": body_tree(Body.objects.order_by("name")),
            "objectives": list(Objective.objects.all()),
            "stages": list(Stage.objects.all()),
            "workstream_groups": [
                (WorkstreamKind(kind).label, group) for kind, group in by_kind.items() if group
            ],
        })
        return context


class MyWorkView(LoginRequiredMixin, TemplateView):
    """What needs the signed-in person, across every register (each app registers its own source in
    ``core.registry.register_work``): the home page after signing in."""

    template_name = "programme/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = registry.work_for(self.request.user)
        total, overdue = registry.work_totals(groups)
        context.update({"groups": groups, "total": total, "overdue": overdue})
        return context


class WorkstreamDetailView(LoginRequiredMixin, DetailView):
    model = Workstream
    template_name = "programme/workstream_detail.html"

    def get_queryset(self):
        return Workstream.objects.select_related("sro", "lead", "reports_to")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workstream = self.object
        context.update({
            "projects": list(workstream.projects.select_related("manager").order_by("name")),
            "role_holders": list(RoleAssignment.objects.filter(workstream=workstream).select_related("user")),
            "can_edit": self.request.user.has_perm("programme.change_workstream", workstream),
            "panels": registry.panels_for(workstream, self.request.user),
        })
        return context


class ProjectDetailView(LoginRequiredMixin, DetailView):
    model = Project
    template_name = "programme/project_detail.html"

    def get_queryset(self):
        return Project.objects.select_related("workstream", "manager")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context.update({
            "objectives": list(project.objectives.all()),
            "depends_on": list(project.depends_on.select_related("workstream", "manager").order_by("name")),
            "dependants": list(project.dependants.select_related("workstream", "manager").order_by("name")),
            "role_holders": list(RoleAssignment.objects.filter(project=project).select_related("user")),
            "can_edit": self.request.user.has_perm("programme.change_project", project),
            "panels": registry.panels_for(project, self.request.user),
        })
        return context






class WorkstreamEditView(TenantEditView):
    model = Workstream
    form_class = WorkstreamForm
    permission = "programme.change_workstream"
    template_name = "programme/workstream_form.html"
    detail_url_name = "programme:workstream"

    def get_queryset(self):
        return Workstream.objects.all()


class ProjectEditView(TenantEditView):
    model = Project
    form_class = ProjectForm
    permission = "programme.change_project"
    template_name = "programme/project_form.html"
    detail_url_name = "programme:project"

    def get_queryset(self):
        return Project.objects.select_related("workstream")


# The inbox: in-app notifications and how they are emailed (core.notifications) ----------------------








