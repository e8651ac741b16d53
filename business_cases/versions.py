"""Snapshots of a case at each submission and the section-by-section comparison of two of them."""

import difflib
import re

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from business_cases import money, tiers
from business_cases.choices import Section

TOKEN = re.compile(r"\s+|[^\s]+")


def version_count():
    """Each case's number of versions as a subquery: a join and GROUP BY over the wide, joined case rows cost the
    list (and its count) far more (docs/performance.md)."""
    from business_cases.models import BusinessCaseVersion

    versions = (BusinessCaseVersion.objects.filter(case=OuterRef("pk")).order_by().values("case")
                .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(versions), 0)


def money_snapshot(case):
    lines = list(case.money_lines.all())
    shares = list(case.cost_shares.select_related("organisation"))
    stated = list(case.stated_totals.all())
    return {
        "lines": [{"financial_year": line.financial_year, "quarter": line.quarter, "phase": line.phase,
                   "kind": line.kind, "funding": line.funding, "description": line.description,
                   "amount": f"{line.amount:.2f}"}
                  for line in lines],
        "split": [{"phase": s.phase, "organisation": s.organisation.name, "label": s.label,
                   "percent": f"{s.percent:.2f}", "amount": None if s.amount is None else f"{s.amount:.2f}"}
                  for s in shares],
        "stated_totals": [{"kind": t.kind, "phase": t.phase, "amount": f"{t.amount:.2f}", "source": t.source,
                           "page": t.page}
                          for t in stated],
        "summary": money.as_json(money.summarise(case.value, lines, shares, stated)),
    }


def snapshot(case, user, when=None):
    """Record the case as submitted: a new, immutable version numbered after the last."""
    from business_cases.models import BusinessCaseVersion

    last = case.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return BusinessCaseVersion.objects.create(
        case=case, number=last + 1, title=case.title, document_type=case.document_type, tier=case.tier,
        value=case.value, sections=dict(case.sections or {}), money=money_snapshot(case), submitted_by=user,
        submitted_at=when or timezone.now(),
    )


def word_diff(old, new):
    """[(op, text)] with op one of equal, delete, insert: a word-level diff that keeps spacing and line breaks."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(("insert", "".join(b[j1:j2])))
    return ops


def compare(older, newer):
    """Section by section: the text of each version, whether it changed, a unified diff and a word diff."""
    sections = []
    for key in tiers.SECTION_KEYS:
        old, new = (older.sections or {}).get(key, ""), (newer.sections or {}).get(key, "")
        sections.append({
            "key": key,
            "label": Section(key).label,
            "changed": old != new,
            "from": old,
            "to": new,
            "unified": list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"version {older.number}",
                                                 f"version {newer.number}", lineterm="")),
            "words": [{"op": op, "text": text} for op, text in word_diff(old, new)],
        })
    old_totals = (older.money or {}).get("summary", {}).get("totals", {})
    new_totals = (newer.money or {}).get("summary", {}).get("totals", {})
    return {
        "from": older.number,
        "to": newer.number,
        "fields": [
            {"field": name, "from": str(getattr(older, name)), "to": str(getattr(newer, name)),
             "changed": getattr(older, name) != getattr(newer, name)}
            for name in ("title", "value", "tier", "document_type")
        ],
        "money": [
            {"field": name, "from": old_totals.get(name), "to": new_totals.get(name),
             "changed": old_totals.get(name) != new_totals.get(name)}
            for name in ("cost", "saving", "net")
        ],
        "sections": sections,
    }
