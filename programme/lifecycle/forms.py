"""Forms of the lifecycle pages; the services validate again (the API and the browser meet the same rules)."""

from django import forms

from programme.models import Lesson, Project, Stage, Workstream


class ReportForm(forms.Form):
    changes_delivered = forms.CharField(label="Changes delivered this stage", widget=forms.Textarea, required=False)
    benefits_delivered = forms.CharField(label="Benefits delivered this stage", widget=forms.Textarea,
                                         required=False)
    next_stage_plan = forms.CharField(label="Plan for the next stage", widget=forms.Textarea, required=False)
    risks_summary = forms.CharField(label="Risks", widget=forms.Textarea, required=False)
    lessons = forms.ModelMultipleChoiceField(queryset=Lesson.objects.all(), required=False,
                                             help_text="Lessons learned this stage, from the log.")


class LessonForm(forms.Form):
    title = forms.CharField(max_length=200)
    what_was_learned = forms.CharField(label="What was learned", widget=forms.Textarea)
    what_changed = forms.CharField(label="What changed because of it", widget=forms.Textarea, required=False)
    learned_by_name = forms.CharField(label="Who learned it (leave blank for yourself)", max_length=200,
                                      required=False)
    stage = forms.ModelChoiceField(queryset=Stage.objects.all(), required=False)
    workstream = forms.ModelChoiceField(queryset=Workstream.objects.all(), required=False)
    project = forms.ModelChoiceField(queryset=Project.objects.all(), required=False)


class LessonSearchForm(forms.Form):
    q = forms.CharField(label="Search lessons", required=False, max_length=200)
