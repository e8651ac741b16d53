"""What a benefit's page shows of its links: its strategic objectives, the business cases that claim it, its projects
and its partner organisations' shares, read in one query (a ``UNION ALL`` of four) rather than a prefetch each: four
round trips to the database were a fifth of the page's time (issue 20).

Each list is in its model's own order (the union is sorted by the same columns, in the database, so text sorts by
its collation exactly as the prefetch did), and each item has the attributes the page reads of the model instance it
replaces. ``tests/benefits/test_benefit_page_rows.py`` holds the page byte for byte against the prefetched one."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, DecimalField, F, IntegerField, Value
from django.db.models.functions import Cast

from benefits.models import BenefitAttribution
from business_cases.models import BusinessCase
from programme.models import Objective, Project

OBJECTIVE, CASE, PROJECT, ATTRIBUTION = range(4)
TEXT = CharField()
NUMBER = DecimalField(max_digits=20, decimal_places=2)
PERCENT = DecimalField(max_digits=5, decimal_places=2)  # BenefitAttribution.percent
COLUMNS = ("link_kind", "link_id", "link_text", "link_more", "link_percent", "sort_number", "sort_text",
           "sort_more")


@dataclass(frozen=True)
class Named:
    """An object shown by its name: a project's workstream, an attribution's organisation."""

    name: str


@dataclass
class Link:
    """One linked object, with the attributes the page reads: ``code`` and ``title`` of an objective, ``ref`` and
    ``title`` of a case, ``pk``, ``name`` and ``workstream.name`` of a project, ``organisation_id``,
    ``organisation.name`` and ``percent`` of an attribution (whose shares ``views.attribution_rows`` adds)."""

    pk: int
    code: str = ""
    ref: str = ""
    title: str = ""
    name: str = ""
    workstream: Named = None
    organisation: Named = None
    percent: Decimal = None

    @property
    def organisation_id(self):
        return self.pk


@dataclass
class Links:
    objectives: list
    business_cases: list
    projects: list
    attributions: list


def _text(value):
    return Cast(value, TEXT) if isinstance(value, str) else value


def _shaped(queryset, kind, key, text, more, percent=None, number=None, sort_text=None, sort_more=None):
    """One part of the union: the same eight columns, typed alike, from each model."""
    blank = Value("", output_field=TEXT)
    return queryset.order_by().annotate(
        link_kind=Value(kind, output_field=IntegerField()), link_id=F(key), link_text=_text(text),
        link_more=_text(more) if more else blank,
        link_percent=Cast(percent if percent is not None else Value(None), PERCENT),
        sort_number=Cast(number if number is not None else Value(0), NUMBER),
        sort_text=_text(sort_text) if sort_text else blank, sort_more=_text(sort_more) if sort_more else blank,
    ).values_list(*COLUMNS)


def read(benefit):
    """The benefit's ``Links``, in one query."""
    pk = benefit.pk
    parts = [
        _shaped(Objective.objects.filter(benefits=pk), OBJECTIVE, "pk", "code", "title", sort_text="code"),
        _shaped(BusinessCase.objects.filter(benefits=pk), CASE, "pk", "ref", "title", number=F("number")),
        _shaped(Project.objects.filter(benefits=pk), PROJECT, "pk", "name", "workstream__name",
                sort_text="workstream__name", sort_more="name"),
        _shaped(BenefitAttribution.objects.filter(benefit_id=pk), ATTRIBUTION, "organisation_id",
                "organisation__name", None, percent=F("percent"), number=-F("percent"),
                sort_text="organisation__name"),
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("link_kind", "sort_number", "sort_text", "sort_more")
    links = Links([], [], [], [])
    for kind, key, text, more, percent, *_ in rows:
        if kind == OBJECTIVE:
            links.objectives.append(Link(key, code=text, title=more))
        elif kind == CASE:
            links.business_cases.append(Link(key, ref=text, title=more))
        elif kind == PROJECT:
            links.projects.append(Link(key, name=text, workstream=Named(more)))
        else:
            links.attributions.append(Link(key, organisation=Named(text), percent=percent))
    return links
