"""The programme's structure as bulk feeds for Power BI and Excel (``core.feeds``): the workstreams, projects and
objectives the registers' rows point to (``workstream_id``, ``project_id``), so a report can relate them."""

from core import registry
from programme.models import Objective, Project, Workstream


def workstreams(user):
    return Workstream.objects.all()


def projects(user):
    return Project.objects.all()


def objectives(user):
    return Objective.objects.all()


registry.register_feed("workstreams", "Workstreams", Workstream, workstreams, order=1)
registry.register_feed("projects", "Projects", Project, projects, order=2,
                       extra=(("workstream_name", "workstream__name"),))
registry.register_feed("objectives", "Objectives", Objective, objectives, order=3)
