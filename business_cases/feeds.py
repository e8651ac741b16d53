"""Briefs and business cases as bulk feeds for Power BI and Excel (``core.feeds``): the rows the user may read, as
the API lists them (restricted cases only for those who may see them). A case's sections (its text, as JSON)
are left out: the feed carries its figures and its path through the approvals."""

from business_cases.models import Brief, BusinessCase
from core import registry
from core.feeds import person


def briefs(user):
    return Brief.objects.all()


def cases(user):
    return BusinessCase.objects.visible_to(user)


registry.register_feed("briefs", "Briefs", Brief, briefs, order=30,
                       extra=(("author_full_name", person("author")), ("workstream_name", "workstream__name")))
registry.register_feed("business_cases", "Business cases", BusinessCase, cases, order=31,
                       extra=(("author_full_name", person("author")), ("project_name", "project__name")))
