"""The change requests as a bulk feed for Power BI and Excel (``core.feeds``), as the API lists them."""

from change_control.models import ChangeRequest
from core import registry
from core.feeds import person


def change_requests(user):
    return ChangeRequest.objects.all()


registry.register_feed("change_requests", "Change requests", ChangeRequest, change_requests, order=40,
                       extra=(("originator_full_name", person("originator")), ("workstream_name", "workstream__name"),
                              ("project_name", "project__name")))
