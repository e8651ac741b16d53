"""The skills page (finance/resources/skills/): everyone sees the vocabulary with the pledges and demands naming
each skill; the PMO and the Programme Director add and rename skills, a name the partnership has is a 400 naming
it with nothing saved, anyone else is refused; the API's resource-skills/ update goes through the same step."""

import pytest

from finance.models import Skill
from tests.queries import count

pytestmark = pytest.mark.django_db

URL = "/finance/resources/skills/"


def test_everyone_sees_the_skills_with_how_many_pledges_name_each(browser, pledge, skill):
    pledge(skill_name="Counted analysis")
    pledge(skill_name="Counted analysis", person_name="Another person")
    skill("Unused skill")
    html = browser("viewer.uhl.llr").get(URL).content.decode()
    counted = Skill.objects.get(name="Counted analysis")
    assert f'href="/finance/pledges/?skill={counted.pk}"' not in html  # the pledges page's own address
    assert f'?skill={counted.pk}">2<span' in html and "Unused skill" in html
    assert "Add a skill" not in html and "Change<span" not in html  # a partner viewer neither adds nor changes


def test_the_page_runs_the_same_queries_whatever_the_number_of_skills(browser, skill):
    client = browser("pmo.llr")
    client.get(URL)
    first, _ = count(client, URL)
    for index in range(5):
        skill(f"Query skill {index}")
    again, response = count(client, URL)
    assert response.status_code == 200 and first == again


def test_the_pmo_adds_a_skill_and_a_duplicate_is_a_400_that_saves_nothing(browser, in_llr):
    client = browser("pmo.llr")
    response = client.post(URL, {"name": "  Clinical coding ", "description": "Coding of activity"})
    assert response.status_code == 302
    assert Skill.objects.filter(name="Clinical coding", description="Coding of activity").count() == 1
    before = Skill.objects.count()
    response = client.post(URL, {"name": "Clinical coding"})
    assert response.status_code == 400 and "already has this skill" in response.content.decode()
    response = client.post(URL, {"name": ""})
    assert response.status_code == 400 and "Error: " in response.content.decode()
    assert Skill.objects.count() == before


def test_the_director_renames_a_skill_and_the_history_says_who(browser, skill):
    renamed = skill("Old analysis name")
    client = browser("director.llr")
    response = client.post(f"{URL}{renamed.pk}/", {"name": "Data analysis", "description": ""})
    assert response.status_code == 302
    renamed.refresh_from_db()
    assert renamed.name == "Data analysis"
    html = client.get(f"{URL}{renamed.pk}/").content.decode()
    assert "Skill changed" in html and "Old analysis name" in html


def test_others_may_not_add_or_change_skills(browser, skill):
    kept = skill("Kept skill")
    lead = browser("lead.urgentcare.llr")
    assert lead.post(URL, {"name": "Sneaked in"}).status_code == 403
    assert lead.get(f"{URL}{kept.pk}/").status_code == 403
    assert lead.post(f"{URL}{kept.pk}/", {"name": "Renamed"}).status_code == 403
    assert not Skill.objects.filter(name__in=["Sneaked in", "Renamed"]).exists()


def test_the_api_renames_through_the_same_step(api, skill):
    kept = skill("API old name")
    skill("API taken name")
    pmo = api("pmo.llr")
    url = f"/api/v1/resource-skills/{kept.pk}/"
    assert pmo.patch(url, {"name": "API taken name"}, format="json").status_code == 400
    response = pmo.patch(url, {"name": " API new name "}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "API new name"
    latest = kept.history.first()  # the service's step: its reason and who, as the page's change log shows
    assert latest.history_change_reason == "Skill changed" and latest.history_user.username == "pmo.llr"
    assert api("lead.urgentcare.llr").patch(url, {"name": "Nope"}, format="json").status_code == 403
