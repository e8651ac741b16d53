"""'You said, we did' (issue 21): recording what was heard, answering it with what we did and what did it (a meeting
decision, change request or plan item), refusing an answer without a response (service, form and API: nothing
saved), and chasing the overdue ones (the review cycle's daily reminders, "My work")."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import registry
from core.exceptions import PermissionRefused
from core.models import Notification
from engagement import activity_services as services
from engagement.models import EngagementResponse
from meetings.packs import schedule
from plan.models import PlanItem
from tests.engagement.factories import make_activity
from tests.engagement.factories import make_response as heard

pytestmark = pytest.mark.django_db


def test_what_we_heard_is_recorded_with_its_owner_and_due_date(in_llr, persona, today):
    pmo, owner = persona("pmo.llr"), persona("pm.poa.llr")
    activity = make_activity(owner=pmo)
    response = services.add_response(activity, pmo, you_said="We could not park at the UCC", owner=owner,
                                     due_date=today + datetime.timedelta(days=14))
    response.refresh_from_db()
    assert response.ref.startswith("YS-") and response.responded_on is None and response.we_did == ""


def test_the_owner_answers_it_linked_to_the_plan_item_that_did(in_llr, persona, today):
    owner = persona("pm.poa.llr")
    response = heard(owner=owner)
    item = PlanItem.objects.order_by("number").first()
    done = services.respond(response, owner, we_did="Twenty more spaces from April", plan_item=item)
    done.refresh_from_db()
    assert done.responded_on == today and done.plan_item == item and done.we_did.startswith("Twenty")
    assert done.history.first().history_change_reason.startswith("Responded on")


def test_an_answer_without_a_response_is_refused_and_nothing_saved(in_llr, persona):
    owner = persona("pm.poa.llr")
    response = heard(owner=owner)
    for empty in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.respond(response, owner, we_did=empty)
        assert "we_did" in refused.value.message_dict
    response.refresh_from_db()
    assert response.responded_on is None and response.we_did == ""


def test_the_database_refuses_a_responded_day_without_a_response(in_llr, persona, today):
    response = heard(owner=persona("pmo.llr"))
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementResponse.objects.filter(pk=response.pk).update(responded_on=today)


def test_someone_neither_owner_nor_keeper_may_not_answer(in_llr, persona):
    response = heard(owner=persona("pm.poa.llr"))
    with pytest.raises(PermissionRefused):
        services.respond(response, persona("viewer.uhl.llr"), we_did="Done")
    services.respond(response, persona("pmo.llr"), we_did="Done by the PMO")  # the PMO keeps the plan (C)


# Pages and the API --------------------------------------------------------------------------------------------

def test_the_form_refuses_an_empty_response_with_a_400(browser, in_llr, persona):
    response = heard(owner=persona("pm.poa.llr"))
    page = browser("pm.poa.llr").post(f"/engagement/responses/{response.pk}/respond/", {"we_did": ""})
    assert page.status_code == 400
    assert "without a response" in page.content.decode()
    response.refresh_from_db()
    assert response.responded_on is None


def test_the_form_answers_it(browser, in_llr, persona, today):
    response = heard(owner=persona("pm.poa.llr"))
    page = browser("pm.poa.llr").post(f"/engagement/responses/{response.pk}/respond/",
                                      {"we_did": "Opening hours extended", "responded_on": today.isoformat()})
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.we_did == "Opening hours extended"


def test_the_activity_page_records_what_we_heard(browser, in_llr, persona, today):
    pmo = persona("pmo.llr")
    activity = make_activity(owner=pmo)
    client = browser("pmo.llr")
    bad = client.post(f"/engagement/activities/{activity.pk}/responses/", {"you_said": "", "owner": pmo.pk,
                                                                            "due_date": ""})
    assert bad.status_code == 400 and not activity.responses.exists()
    good = client.post(f"/engagement/activities/{activity.pk}/responses/", {
        "you_said": "More evening appointments", "owner": pmo.pk,
        "due_date": (today + datetime.timedelta(days=7)).isoformat()})
    assert good.status_code == 302
    assert activity.responses.get().you_said == "More evening appointments"


def test_the_api_refuses_a_response_without_we_did_and_answers_one_with_it(api, in_llr, persona):
    response = heard(owner=persona("pm.poa.llr"))
    client = api("pm.poa.llr")
    refused = client.post(f"/api/v1/engagement-responses/{response.pk}/respond/", {"we_did": ""}, format="json")
    assert refused.status_code == 400 and "we_did" in refused.json()
    response.refresh_from_db()
    assert response.responded_on is None
    done = client.post(f"/api/v1/engagement-responses/{response.pk}/respond/", {"we_did": "Signage replaced"},
                       format="json")
    assert done.status_code == 200, done.content
    assert done.json()["responded_on"] is not None
    history = client.get(f"/api/v1/engagement-responses/{response.pk}/history/")
    assert history.status_code == 200 and len(history.json()) == 2


def test_the_api_lists_overdue_responses_and_downloads_them(api, in_llr, persona, today):
    owner = persona("pm.poa.llr")
    late = heard(owner=owner, due_date=today - datetime.timedelta(days=3))
    heard(owner=owner, due_date=today + datetime.timedelta(days=3))
    client = api("pmo.llr")
    listed = client.get("/api/v1/engagement-responses/", {"overdue": "true"}).json()["results"]
    assert [row["ref"] for row in listed] == [late.ref] and listed[0]["overdue"] is True
    assert client.get("/api/v1/engagement-responses/", {"overdue": "perhaps"}).status_code == 400
    download = client.get("/api/v1/engagement-responses/", {"overdue": "true", "format": "xlsx"})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


# Chasing ------------------------------------------------------------------------------------------------------

def test_overdue_responses_are_chased_by_the_daily_review_cycle(llr, in_llr, persona, today):
    owner, pmo = persona("pm.poa.llr"), persona("pmo.llr")
    late = heard(owner=owner, due_date=today - datetime.timedelta(days=2))
    answered = heard(owner=owner, due_date=today - datetime.timedelta(days=2))
    services.respond(answered, owner, we_did="Done")
    Notification.objects.all().delete()
    schedule.send_reminders(llr, today)
    to_owner = Notification.objects.get(recipient=owner, kind=schedule.REMINDER_KIND)
    assert late.ref in to_owner.body and answered.ref not in to_owner.body
    to_pmo = Notification.objects.get(recipient=pmo, kind=schedule.REMINDER_KIND)
    assert "1 \"you said, we did\" response is overdue" in to_pmo.body
    # The review cycle (and so the chase) runs on the Celery beat schedule.
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meetings.packs.tasks.run_review_cycle_everywhere" in tasks


def test_nothing_is_chased_before_it_is_due(llr, in_llr, persona, today):
    owner = persona("pm.poa.llr")
    heard(owner=owner, due_date=today)
    sources = [source.reminders for source in registry.reminder_sources() if source.key.startswith("engagement")]
    assert sources and not [reminder for source in sources for reminder in source(llr, today)]


def test_my_work_lists_the_owners_responses_to_give(in_llr, persona, today):
    owner = persona("pm.poa.llr")
    late = heard(owner=owner, due_date=today - datetime.timedelta(days=1))
    heard(owner=persona("pmo.llr"))
    groups = dict((source.key, items) for source, items in registry.work_for(owner))
    items = groups["engagement.responses"]
    assert [item.title.split()[0] for item in items] == [late.ref] and items[0].overdue
