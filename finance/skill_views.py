"""The partnership's skills: the vocabulary pledges and demands name (the capacity view compares them by skill).
Everyone sees the list with how many pledges and demands use each skill; the PMO and the Programme Director add
and rename them (``finance.resource_rules``). The same steps serve ``resource-skills/`` in the API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from core.exceptions import PermissionRefused
from core.forms import errors_onto, save_form
from core.history import change_log, history_limit
from core.views import refuse
from finance import resources
from finance.models import Skill
from finance.resource_forms import SkillForm
from finance.resource_rules import ADD_SKILL, CHANGE_SKILL


@login_required
def skills(request):
    """Every skill, with the pledges and demands naming it, and the form to add one (for those who may)."""
    may_add = request.user.has_perm(ADD_SKILL)
    form = SkillForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if not may_add:
            return refuse(request, ADD_SKILL, "the partnership's skills")
        try:
            skill = _save(form, lambda: resources.create_skill(request.user, **form.cleaned_data))
        except PermissionRefused as exc:
            return refuse(request, exc)
        if skill is not None:
            messages.success(request, f"Skill added: {skill.name}.")
            return redirect("finance:skills")
    rows = Skill.objects.annotate(pledge_count=Count("pledges", distinct=True),
                                  demand_count=Count("demands", distinct=True)).order_by("name")
    return render(request, "finance/resources/skills.html", {
        "skills": rows, "form": form, "may_change": request.user.has_perm(CHANGE_SKILL),
    }, status=400 if form is not None and form.errors else 200)


@login_required
def skill_edit(request, pk):
    skill = get_object_or_404(Skill, pk=pk)
    if not request.user.has_perm(CHANGE_SKILL, skill):
        return refuse(request, CHANGE_SKILL, skill)
    form = SkillForm(request.POST or None, initial={"name": skill.name, "description": skill.description})
    if request.method == "POST":
        try:
            saved = _save(form, lambda: resources.update_skill(skill, request.user, **form.cleaned_data))
        except PermissionRefused as exc:
            return refuse(request, exc, skill)
        if saved is not None:
            messages.success(request, f"Skill saved: {saved.name}.")
            return redirect("finance:skills")
    return render(request, "finance/resources/skill_form.html", {
        "form": form, "skill": skill, "history": change_log(skill, limit=history_limit(request)),
    }, status=400 if form.errors else 200)


def _save(form, step):
    """Run the service ``step`` for a valid form; its refusals and the database's (a name the partnership already
    has) become the form's errors."""
    if not form.is_valid():
        return None
    try:
        return save_form(form, step)
    except ValidationError as exc:
        errors_onto(form, exc)
        return None
