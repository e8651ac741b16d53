"""Browser pages of the programme: the hierarchy, workstreams and projects, and the partnership switcher.

Every queryset here is a tenant-scoped default manager, so another partnership's
row is simply not found (404); whether a user may change a row is asked of
``user.has_perm`` and nothing else.
"""

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import DetailView, TemplateView, UpdateView

from programme import notifications, rules
from programme.choices import WorkstreamKind
from programme.forms import ProjectForm, WorkstreamForm
from programme.middleware import SESSION_KEY, memberships_of
from programme.models import (
    Body,
    EmailMode,
    Notification,
    NotificationPreference,
    Objective,
    Programme,
    Project,
    RoleAssignment,
    Stage,
    Workstream,
)


class TenantSwitchView(LoginRequiredMixin, View):
    """Choose the partnership to act in (only members' partnerships are offered or accepted)."""

    template_name = "programme/tenant_switch.html"

    def get(self, request):
        return render(request, self.template_name, {
            "memberships": memberships_of(request.user), "next": request.GET.get("next", ""),
        })

    def post(self, request):
        memberships = memberships_of(request.user)
        chosen = request.POST.get("tenant")
        match = next((m for m in memberships if str(m.tenant_id) == chosen), None)
        if match is None:
            return render(request, self.template_name, {
                "memberships": memberships, "next": request.POST.get("next", ""),
                "error": "Select the partnership you want to work in",
            }, status=400)
        request.session[SESSION_KEY] = match.tenant_id
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect(target or "programme:overview")


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
        })
        return context


class ObjectPermissionMixin:
    """Refuse (403, saying which roles may) unless ``user.has_perm(permission, obj)``; the object is
    looked up through the scoped manager first, so another partnership's object is a 404."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.has_perm(self.permission, self.object):
            return render(request, "programme/forbidden.html", {
                "object": self.object, "reason": rules.describe_refusal(self.permission, self.object),
            }, status=403)
        return super().dispatch(request, *args, **kwargs)


class TenantEditView(LoginRequiredMixin, ObjectPermissionMixin, UpdateView):
    """Edit one row with a ModelForm (which runs the model's ``clean()``)."""

    detail_url_name = None

    def get_object(self, queryset=None):
        # Looked up once in dispatch, reused by UpdateView's get() and post().
        if getattr(self, "object", None) is None:
            return super().get_object(queryset)
        return self.object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form edits a copy, so a refused submission never shows its unsaved values as the page's title.
        kwargs["instance"] = copy.copy(self.object)
        kwargs["tenant"] = self.request.tenant
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"{self.object} was updated.")
        return response

    def get_success_url(self):
        return reverse(self.detail_url_name, args=[self.object.pk])


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


# The inbox: in-app notifications and how they are emailed (programme.notifications) ----------------------


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_mode"]
        labels = {"email_mode": "How should we email you?"}
        widgets = {"email_mode": forms.RadioSelect}
        help_texts = {"email_mode": "Everything is always in your inbox here, whatever you choose."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_mode"].choices = EmailMode.choices


class InboxView(LoginRequiredMixin, View):
    """The signed-in person's notifications in the active partnership, newest first, unread marked."""

    paginate_by = 25

    def get(self, request):
        from django.core.paginator import Paginator

        queryset = Notification.objects.filter(recipient=request.user)
        if request.GET.get("show") == "unread":
            queryset = queryset.filter(read_at__isnull=True)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        return render(request, "programme/inbox.html", {
            "page": page, "items": list(page.object_list), "show_unread": request.GET.get("show") == "unread",
        })


class MarkReadView(LoginRequiredMixin, View):
    """POST: mark one notification (``pk``) or all of them read; another person's is simply not found."""

    def post(self, request, pk=None):
        if pk is None:
            count = notifications.mark_read(request.user)
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
            return redirect("programme:inbox")
        item = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
        notifications.mark_read(request.user, [item.pk])
        if request.POST.get("open") and item.link and url_has_allowed_host_and_scheme(
            item.link, allowed_hosts={request.get_host()}
        ):
            return redirect(item.link)
        return redirect("programme:inbox")


class NotificationPreferenceView(LoginRequiredMixin, View):
    template_name = "programme/inbox_preferences.html"

    def form(self, request, data=None):
        preference = notifications.preference_for(request.user, request.tenant)
        return NotificationPreferenceForm(data, instance=preference)

    def get(self, request):
        return render(request, self.template_name, {"form": self.form(request)})

    def post(self, request):
        form = self.form(request, request.POST)
        if form.is_valid():
            preference = form.save(commit=False)
            preference._history_user = request.user
            preference.save()
            messages.success(request, "Your email preference was saved.")
            return redirect("programme:inbox")
        return render(request, self.template_name, {"form": form}, status=400)
