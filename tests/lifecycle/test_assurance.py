"""EIAs (PID s4.6), quality review (s4.5) and the lessons learned log (s3.6)."""

import pytest

from core.tenancy import tenant_context
from lifecycle.choices import DIMENSIONS, DOMAINS, ProtectedCharacteristic
from programme.models import Workstream
from tests.board import at, board_meeting, decisions_on

pytestmark = pytest.mark.django_db
EIAS = "/api/v1/lifecycle/eias/"
QUALITY = "/api/v1/lifecycle/quality-criteria/"
LESSONS = "/api/v1/lifecycle/lessons/"


@pytest.fixture
def urgent_care(llr):
    with tenant_context(llr):
        return Workstream.objects.get(name="Urgent Care")


def all_characteristics(**override):
    return [{"characteristic": key, "impact": override.get(key, "neutral"), "evidence": "JSNA"}
            for key in ProtectedCharacteristic.values]


def test_eia_path(api, llr, urgent_care):
    lead = api("lead.urgentcare.llr")
    created = lead.post(EIAS, {"title": "Hub", "workstream": urgent_care.pk,
                               "characteristics": all_characteristics()[:3]}, format="json")
    assert created.status_code == 201, created.content
    eia = created.json()
    url = f"{EIAS}{eia['id']}/"
    assert api("viewer.uhl.llr").post(EIAS, {"title": "X", "workstream": urgent_care.pk},
                                      format="json").status_code == 403
    incomplete = api("sro.urgentcare.llr").post(url + "sign-off/", format="json")
    assert incomplete.status_code == 400 and "Sexual orientation" in str(incomplete.json())
    lead.patch(url, {"characteristics": all_characteristics(age="negative")}, format="json")
    assert api("sro.urgentcare.llr").post(url + "sign-off/", format="json").status_code == 400  # no mitigation
    rows = all_characteristics(age="negative")
    rows[0]["mitigation"] = "Walk-in access kept."
    assert lead.patch(url, {"characteristics": rows}, format="json").status_code == 200
    assert api("lead.urgentcare.llr").post(url + "sign-off/", format="json").status_code == 403
    assert api("delivery.llr").post(url + "sign-off/", format="json").status_code == 403
    signed = api("sro.urgentcare.llr").post(url + "sign-off/", format="json")
    assert signed.json()["status"] == "signed_off"
    assert lead.patch(url, {"title": "Changed"}, format="json").status_code == 409
    # The Delivery Board decides as a board: neither the SRO nor a lone member; its chair (or the PMO) records it.
    meeting = board_meeting(llr)
    for who in ("sro.urgentcare.llr", "delivery.llr"):
        refused = api(who).post(url + "decide/", {"decision": "approve", **at(meeting)}, format="json")
        assert refused.status_code == 403 and refused.json()["allowed_roles"] == ["pmo"]
    approved = api("sro.llr").post(url + "decide/", {"decision": "approve", **at(meeting)}, format="json")
    assert approved.json()["status"] == "approved"
    with tenant_context(llr):
        from lifecycle.models import EqualityImpactAssessment
        assert decisions_on(EqualityImpactAssessment.objects.get(pk=eia["id"])).get().meeting_id == meeting.pk


def test_quality_review_rates_every_dimension_and_domain(api, llr, urgent_care):
    criterion = api("lead.urgentcare.llr").post(QUALITY, {
        "workstream": urgent_care.pk, "product": "Workbook v2", "acceptance_criteria": "All six dimensions",
        "reviewer": "clinical_senate"}, format="json")
    assert criterion.status_code == 201, criterion.content
    url = f"{QUALITY}{criterion.json()['id']}/review/"
    body = {"reviewer": "clinical_senate", "outcome": "accepted",
            "dimensions": {key: "meets" for key, _ in DIMENSIONS}, "domains": {key: "meets" for key, _ in DOMAINS}}
    assert api("lead.urgentcare.llr").post(url, body, format="json").status_code == 403
    partial = dict(body, domains={"premature_death": "meets"})
    assert api("pmo.llr").post(url, partial, format="json").status_code == 400
    assert api("pmo.llr").post(url, dict(body, dimensions={**body["dimensions"], "safe": "great"}),
                               format="json").status_code == 400
    recorded = api("pmo.llr").post(url, body, format="json")
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["dimensions"]["equitable"] == "meets"


def test_lessons_log_is_searchable_and_the_pmo_keeps_it(api, llr):
    lesson = api("viewer.uhl.llr").post(LESSONS, {"title": "Share data early", "what_was_learned": "Data sharing "
                                                  "agreements took months", "what_changed": "ISAs first"},
                                        format="json")
    assert lesson.status_code == 201, lesson.content
    assert lesson.json()["learned_by"] == "viewer.uhl.llr"
    found = api("director.llr").get(LESSONS + "?q=agreements").json()
    found = found["results"] if isinstance(found, dict) else found
    assert [row["title"] for row in found] == ["Share data early"]
    url = f"{LESSONS}{lesson.json()['id']}/"
    assert api("viewer.uhl.llr").patch(url, {"what_changed": "x"}, format="json").status_code == 403
    assert api("pmo.llr").patch(url, {"what_changed": "Sign ISAs first"}, format="json").status_code == 200
    demo = api("pmo.llr").get(LESSONS + "?q=baseline").json()
    demo = demo["results"] if isinstance(demo, dict) else demo
    assert demo and demo[0]["stage"] is not None


@pytest.mark.parametrize("query", ["?stage=abc", "?workstream=1.5", "?project=-1", "?stage=99999999999999999999"])
def test_a_bad_lesson_filter_is_a_400(api, llr, query):
    response = api("pmo.llr").get(LESSONS + query)
    assert response.status_code == 400, response.content


def test_a_lesson_stays_where_it_was_learned(api, llr, urgent_care):
    from lifecycle.models import Lesson
    from programme.models import Project

    with tenant_context(llr):
        elsewhere = Project.objects.exclude(workstream=urgent_care).first()
        count = Lesson.objects.count()
    response = api("pmo.llr").post(LESSONS, {"title": "T", "what_was_learned": "W", "workstream": urgent_care.pk,
                                             "project": elsewhere.pk}, format="json")
    assert response.status_code == 400 and "project" in response.json()
    with tenant_context(llr):
        assert Lesson.objects.count() == count


def test_bad_eia_input_is_a_400_and_nothing_saved(api, llr, urgent_care):
    from lifecycle.models import EqualityImpactAssessment

    with tenant_context(llr):
        count = EqualityImpactAssessment.objects.count()
    lead = api("lead.urgentcare.llr")
    for body in ({"title": "", "workstream": urgent_care.pk},
                 {"title": "X", "workstream": urgent_care.pk, "characteristics": [{"characteristic": "height",
                                                                                  "impact": "neutral"}]},
                 {"title": "X", "workstream": urgent_care.pk, "characteristics": [{"characteristic": "age",
                                                                                  "impact": "terrible"}]},
                 {"title": "X", "workstream": urgent_care.pk, "characteristics": "age"}):
        response = lead.post(EIAS, body, format="json")
        assert response.status_code == 400, (body, response.content)
    with tenant_context(llr):
        assert EqualityImpactAssessment.objects.count() == count
