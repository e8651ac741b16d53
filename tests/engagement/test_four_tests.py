"""The Four Tests assurance report (page and PDF): every claim linked to its evidence, and a test without evidence
shown as "Not evidenced", never hidden."""

import io

import pytest
from pypdf import PdfReader

from engagement import consultation
from engagement.choices import EvidenceKind, FourTestName
from engagement.models import EngagementActivity

from .consultation_helpers import DAY, new_change

pytestmark = pytest.mark.django_db


def pdf(response):
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    links = [annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
             for annotation in page.get("/Annots") or []]
    return text, [link for link in links if link]


@pytest.fixture
def one_test_evidenced(in_llr, persona):
    """A change whose engagement test alone has evidence (an engagement record)."""
    pmo = persona("pmo.llr")
    change = new_change(pmo, title="Assurance check")
    activity = EngagementActivity.objects.create(title="Listening event in Oakham", planned_date=DAY, owner=pmo,
                                                 service_change=change)
    consultation.add_evidence(change.four_tests.get(test=FourTestName.ENGAGEMENT), pmo,
                              kind=EvidenceKind.ENGAGEMENT_RECORD, activity=activity)
    consultation.assess_test(change.four_tests.get(test=FourTestName.CLINICAL_EVIDENCE), pmo,
                             "The Clinical Senate's review is awaited.")
    return change


def test_the_pdf_shows_each_unevidenced_test_as_not_evidenced(one_test_evidenced, browser):
    change = one_test_evidenced
    response = browser("viewer.uhl.llr").get(f"/engagement/service-changes/{change.pk}/assurance.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, links = pdf(response)
    for name in FourTestName.labels:
        assert name in text, name
    # Three tests without evidence: each printed as such (its status line and its empty evidence), none left out.
    assert text.count("No evidence is recorded for this test") == 3
    assert "Not evidenced: Consistency with current and prospective need for patient choice" in text
    assert "The Clinical Senate's review is awaited." in text  # an assessment without evidence is still unevidenced
    assert "1 of 4 tests evidenced" in text
    # The one claim links to its evidence: the activity it rests on.
    assert "Listening event in Oakham" in text
    assert any(change.activities.get().ref in text for _ in [0])
    assert links, "the claim is a link in the PDF"


def test_the_page_shows_unevidenced_tests(one_test_evidenced, browser):
    change = one_test_evidenced
    html = browser("viewer.uhl.llr").get(f"/engagement/service-changes/{change.pk}/assurance/").content.decode()
    assert html.count("nhsuk-tag--red\">Not evidenced") == 3
    assert html.count("nhsuk-tag--green\">Evidenced") == 1


def test_a_decision_claim_links_to_its_meeting(in_llr, browser):
    from .consultation_helpers import demo_change

    change = demo_change()
    text, links = pdf(browser("pmo.llr").get(f"/engagement/service-changes/{change.pk}/assurance.pdf"))
    assert "Decision of the Partnership Board at its meeting of" in text
    assert any("/meetings/" in link for link in links)
    assert any("local.gov.uk" in link for link in links)  # the clinical evidence's own link
    assert text.count("No evidence is recorded for this test") == 1


def test_the_page_and_report_make_the_same_queries_however_much_evidence(one_test_evidenced, browser, persona):
    from tests.queries import count

    change, pmo = one_test_evidenced, persona("pmo.llr")
    client = browser("pmo.llr")
    urls = [f"/engagement/service-changes/{change.pk}/", f"/engagement/service-changes/{change.pk}/assurance/"]
    for url in urls:
        count(client, url)  # the session's and the permissions' first reads
    before = [count(client, url)[0] for url in urls]
    test = change.four_tests.get(test=FourTestName.PATIENT_CHOICE)
    for number in range(3):
        activity = EngagementActivity.objects.create(title=f"Drop-in {number}", planned_date=DAY, owner=pmo,
                                                     service_change=change)
        consultation.add_evidence(test, pmo, kind=EvidenceKind.ENGAGEMENT_RECORD, activity=activity)
    after = [count(client, url)[0] for url in urls]
    assert after == before
