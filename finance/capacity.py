"""Capacity: WTE pledged by the partners against WTE demanded by approved business cases, by skill and financial
quarter, for the programme or narrowed to a workstream, a project or a skill; the same figures for the capacity
page, its export, the API (``capacity/``) and the board pack.

- A pledge of people counts its WTE in every quarter from its first to its last, under its one skill; pledges of
  space carry no WTE. A pledge with a recorded redeployment outcome no longer counts.
- Narrowed to a workstream: pledges at it or its projects, and demand of its projects' cases; to a project: the
  pledges at the project and its cases' demand.
- A **gap** is a skill and quarter where demand exceeds what is pledged (gap = demanded − pledged).
- **Over-commitment**: one named person (a member, or the same free-text name) pledged more than 1.0 WTE in total,
  across every pledge of the partnership, in a quarter. Shown for the people of the pledges in view.

Three queries, whatever the number of pledges and demands: the pledges of people, the demand summed by skill and
quarter, and the skills' names.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from finance import quarters
from finance.models import ResourceDemand, ResourcePledge, Skill
from finance.models.resources import PEOPLE

ZERO = Decimal("0")
FULL_TIME = Decimal("1")
MAX_QUARTERS = 16
GAP, COVERED, SPARE, NONE = "gap", "covered", "spare", "none"
STATUS_LABELS = {GAP: "Gap", COVERED: "Covered", SPARE: "Pledged, no demand", NONE: "None"}


@dataclass
class Cell:
    skill_id: int
    skill: str
    quarter: str
    pledged: Decimal = ZERO
    demanded: Decimal = ZERO

    @property
    def gap(self):
        return max(self.demanded - self.pledged, ZERO)

    @property
    def status(self):
        if self.demanded > self.pledged:
            return GAP
        if self.demanded:
            return COVERED
        return SPARE if self.pledged else NONE

    def as_dict(self):
        return {"skill": self.skill_id, "skill_name": self.skill, "quarter": self.quarter,
                "pledged_wte": f"{self.pledged:.2f}", "demanded_wte": f"{self.demanded:.2f}",
                "gap_wte": f"{self.gap:.2f}", "status": self.status}


@dataclass
class OverCommitment:
    person: str
    quarter: str
    wte: Decimal
    pledges: list = field(default_factory=list)  # pks


@dataclass
class Capacity:
    quarters: list
    skills: list  # [(pk, name)] with a pledge or demand in view
    cells: dict  # {(skill pk, quarter): Cell}
    over_committed: list

    def rows(self):
        """Every cell, skill by skill and quarter by quarter."""
        return [self.cells[(pk, quarter)] for pk, _ in self.skills for quarter in self.quarters]

    @property
    def gaps(self):
        return [cell for cell in self.rows() if cell.status == GAP]


def _person_key(row):
    if row["person_id"]:
        return ("member", row["person_id"])
    name = " ".join(row["person_name"].split()).lower()
    return ("name", name) if name else None


def _person_label(row):
    full = f"{row['person__first_name']} {row['person__last_name']}".strip()
    return full or row["person__username"] or " ".join(row["person_name"].split())


def _in_view(row, workstream, project):
    if project is not None:
        return row["project_id"] == getattr(project, "pk", project)
    if workstream is not None:
        return row["workstream_id"] == getattr(workstream, "pk", workstream)
    return True


def compute(workstream=None, project=None, skill=None, first=None, last=None, today=None):
    """The ``Capacity`` in view. ``first``/``last`` (quarters, e.g. ``2026/27 Q1``) bound the quarters shown; by
    default from the earliest quarter with a pledge or demand in view to the latest, at most ``MAX_QUARTERS``."""
    skill_pk = getattr(skill, "pk", skill)
    pledges = list(ResourcePledge.objects.filter(kind__in=PEOPLE, outcome="").order_by("pk").values(
        "pk", "skill_id", "first_quarter", "last_quarter", "wte", "workstream_id", "project_id", "person_id",
        "person_name", "person__first_name", "person__last_name", "person__username"))
    demands = ResourceDemand.objects.all()
    if project is not None:
        demands = demands.filter(project=project)
    elif workstream is not None:
        demands = demands.filter(project__workstream=workstream)
    if skill_pk:
        demands = demands.filter(skill_id=skill_pk)
    demanded = {(row["skill_id"], row["quarter"]): row["total"]
                for row in demands.order_by().values("skill_id", "quarter").annotate(total=Sum("wte"))}
    in_view = [row for row in pledges if _in_view(row, workstream, project)
               and (not skill_pk or row["skill_id"] == skill_pk)]
    known = [q for row in in_view for q in (row["first_quarter"], row["last_quarter"])] + [q for _, q in demanded]
    if not first:
        first = min(known) if known else quarters.of(today or datetime.date.today())
    if not last:
        last = max(known) if known else first
    shown = quarters.span(first, last)[:MAX_QUARTERS]
    names = dict(Skill.objects.values_list("pk", "name"))
    pledged = defaultdict(Decimal)
    for row in in_view:
        for quarter in shown:
            if row["first_quarter"] <= quarter <= row["last_quarter"]:
                pledged[(row["skill_id"], quarter)] += row["wte"]
    used = {pk for pk, _ in pledged} | {pk for (pk, quarter) in demanded if quarter in shown}
    skills = sorted(((pk, names.get(pk, "")) for pk in used), key=lambda pair: pair[1].lower())
    cells = {(pk, quarter): Cell(pk, name, quarter, pledged.get((pk, quarter), ZERO),
                                 demanded.get((pk, quarter), ZERO))
             for pk, name in skills for quarter in shown}
    return Capacity(shown, skills, cells, _over_committed(pledges, in_view, shown))


def _over_committed(pledges, in_view, shown):
    """People pledged beyond full time in a quarter shown, counting all their pledges; those in view only."""
    people = {_person_key(row) for row in in_view} - {None}
    totals, which, labels = defaultdict(Decimal), defaultdict(list), {}
    for row in pledges:
        key = _person_key(row)
        if key not in people:
            continue
        labels.setdefault(key, _person_label(row))
        for quarter in shown:
            if row["first_quarter"] <= quarter <= row["last_quarter"]:
                totals[(key, quarter)] += row["wte"]
                which[(key, quarter)].append(row["pk"])
    found = [OverCommitment(labels[key], quarter, total, which[(key, quarter)])
             for (key, quarter), total in totals.items() if total > FULL_TIME]
    return sorted(found, key=lambda item: (item.person.lower(), item.quarter))
