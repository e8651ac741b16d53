"""The service change register's download (.xlsx and CSV through ``core.exports``): one row per change with its
consultation tracker and, per test of the Four Tests, how many pieces of evidence it has ("Not evidenced": none)."""

from django.db.models import Count, Prefetch

from core.exports import Column
from engagement.choices import FourTestName
from engagement.models import FourTest, ServiceChange


def register_queryset():
    """The register's rows with what the page and the export show, in a fixed number of queries: each change's
    tests carry ``evidence_count``."""
    tests = FourTest.objects.annotate(evidence_count=Count("evidence")).order_by("pk")
    return ServiceChange.objects.select_related("workstream", "business_case", "eia").prefetch_related(
        Prefetch("four_tests", queryset=tests, to_attr="tests")).order_by("number")


def test_counts(change):
    """{test value: evidence count} of a change from ``register_queryset``."""
    return {test.test: test.evidence_count for test in getattr(change, "tests", [])}


def _test_column(test):
    def value(change):
        count = test_counts(change).get(test.value, 0)
        return f"Evidenced ({count})" if count else "Not evidenced"
    return Column(test.label, value, 22)


def _business_case(change):
    if not change.business_case_id:
        return ""
    return "Restricted" if change.business_case.restricted else change.business_case.ref


COLUMNS = [
    Column("No", lambda c: c.ref, 9), Column("Title", lambda c: c.title, 40, wrap=True),
    Column("Description", lambda c: c.description, 50, wrap=True),
    Column("Workstream", lambda c: c.workstream.name, 24), Column("Business case", _business_case, 12),
    Column("EIA", lambda c: c.eia.title if c.eia_id else "", 30),
    Column("Status", lambda c: c.get_status_display(), 24),
    Column("Pre-consultation starts", lambda c: c.pre_consultation_start, 12),
    Column("Pre-consultation ends", lambda c: c.pre_consultation_end, 12),
    Column("Consultation starts", lambda c: c.consultation_start, 12),
    Column("Consultation ends", lambda c: c.consultation_end, 12),
    Column("Responses received", lambda c: c.responses_received, 10),
    Column("Decision", lambda c: c.decision, 40, wrap=True), Column("Decided on", lambda c: c.decided_on, 12),
    *[_test_column(test) for test in FourTestName],
]
