"""The Four Tests assurance report of a service change (PID s4.2: "suitable reassurance to NHS England ... that the
Programme has conducted the right level and quality of communications and engagement"), as a page and as a PDF
rendered by WeasyPrint the way board packs are.

Every claim is linked to its evidence: an engagement record to its activity, a commissioners' decision to the meeting
that recorded it, clinical evidence or a document to its link or reference. A test with no evidence is printed as
"Not evidenced", never left out: the report always holds all four tests, in PID s4.2's order.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from engagement.choices import EvidenceKind, FourTestName
from engagement.models import FourTest, TestEvidence

STYLESHEET = Path(__file__).resolve().parent / "assurance.css"
EVIDENCED, NOT_EVIDENCED = "Evidenced", "Not evidenced"
TEST_ORDER = {value: index for index, value in enumerate(FourTestName.values)}
# The engagement plan's activity page, under the name the activities part of the app gives it.
ACTIVITY_URL_NAMES = ("engagement:activity-detail", "engagement:activity")


def _reverse(names, pk):
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


def activity_link(activity):
    """The activity's page; else its row among its service change's pre-consultation engagement."""
    found = _reverse(ACTIVITY_URL_NAMES, activity.pk)
    if not found and activity.service_change_id:
        found = reverse("engagement:service-change", args=[activity.service_change_id]) + f"#activity-{activity.pk}"
    return found


@dataclass
class Claim:
    """One piece of evidence as the report states it: what it is, where it is from, and where to check it."""

    kind: str
    text: str
    source: str
    link: str
    summary: str = ""
    pk: int | None = None  # the evidence's id (to remove it)


@dataclass
class TestRow:
    test: object
    name: str
    assessment: str
    claims: list = field(default_factory=list)

    @property
    def evidenced(self):
        return bool(self.claims)

    @property
    def status(self):
        return EVIDENCED if self.claims else NOT_EVIDENCED


def claim(evidence):
    """The claim ``evidence`` makes, linked to its source."""
    found = _claim(evidence)
    found.pk = evidence.pk
    return found


def _claim(evidence):
    kind = evidence.get_kind_display()
    if evidence.kind == EvidenceKind.ENGAGEMENT_RECORD and evidence.activity is not None:
        activity = evidence.activity
        when = activity.held_on or activity.planned_date
        text = evidence.title or activity.title
        state = activity.get_status_display().lower()
        source = f"{activity.ref} {activity.title} ({activity.get_kind_display().lower()}, {state}, {when:%d %B %Y})"
        summary = evidence.summary or activity.themes or activity.summary
        return Claim(kind, text, source, activity_link(activity), summary)
    if evidence.kind == EvidenceKind.COMMISSIONERS_DECISION and evidence.decision is not None:
        decision = evidence.decision
        meeting = decision.meeting
        if meeting is not None:
            source = f"Decision of the {meeting.body} at its meeting of {meeting.date:%d %B %Y}"
            link = reverse("meetings:detail", args=[meeting.pk])
        else:
            body = decision.body or "board"
            source = f"Chair's action of the {body} on {decision.decided_on:%d %B %Y}"
            link = ""
        return Claim(kind, evidence.title or decision.text[:200], source, link, evidence.summary or decision.text)
    return Claim(kind, evidence.title, evidence.reference or "", evidence.url or "", evidence.summary)


def evidence_queryset():
    return TestEvidence.objects.select_related("activity", "decision__meeting__body", "decision__body").order_by("pk")


def tests_of(change):
    """The change's four tests in PID s4.2's order, each with its claims (empty: not evidenced)."""
    tests = (FourTest.objects.filter(service_change=change)
             .prefetch_related(Prefetch("evidence", queryset=evidence_queryset())))
    rows = [TestRow(test, test.get_test_display(), test.assessment, [claim(item) for item in test.evidence.all()])
            for test in tests]
    return sorted(rows, key=lambda row: TEST_ORDER.get(row.test.test, 99))


def context(change, tests=None):
    tests = tests if tests is not None else tests_of(change)
    evidenced = sum(row.evidenced for row in tests)
    return {
        "change": change,
        "tests": tests,
        "evidenced": evidenced,
        "unevidenced": [row for row in tests if not row.evidenced],
        "activities": list(change.activities.select_related("owner").order_by("planned_date", "number")),
        "generated": timezone.now(),
        "status": EVIDENCED if evidenced == len(tests) else f"{evidenced} of {len(tests)} tests evidenced",
    }


def render_pdf(change, base_url):
    """The report's PDF bytes; ``base_url`` makes the portal's links in it absolute, so they work from the file."""
    from weasyprint import CSS, HTML

    html = render_to_string("engagement/four_tests_assurance_pdf.html", {**context(change), "base": base_url})
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def filename(change):
    return f"{change.ref}-four-tests-assurance.pdf"
