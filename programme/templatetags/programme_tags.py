"""Template helpers for the hierarchy's states: the NHS.UK tag colour of a project's stage or a stage's status."""

from django import template

from programme.choices import ProjectStage, StageStatus

register = template.Library()


# A tag's colour only repeats what its text says (WCAG 1.4.1: colour is never the only signal).
PROJECT_STAGE_COLOURS = {
    ProjectStage.STARTING_UP: "grey",
    ProjectStage.INITIATING: "blue",
    ProjectStage.DELIVERY: "green",
    ProjectStage.CLOSING: "orange",
    ProjectStage.CLOSED: "white",
}


STAGE_STATUS_COLOURS = {
    StageStatus.PLANNED: "grey",
    StageStatus.ACTIVE: "green",
    StageStatus.CLOSED: "white",
}


@register.filter
def project_stage_colour(stage):
    return PROJECT_STAGE_COLOURS.get(stage, "grey")


@register.filter
def stage_status_colour(status):
    return STAGE_STATUS_COLOURS.get(status, "grey")


@register.simple_tag
def place_panel(panel, panel_context):
    """A workstream's or project's panel (``core.registry.register_place_panel``) rendered with its own template and
    context alone (no request: the context processors' queries are not run again for each panel)."""
    from django.template.loader import render_to_string

    return render_to_string(panel.template, panel_context)
