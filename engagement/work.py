"""What the engagement plan asks of people (``core.registry``, found by ``autodiscover_modules("work")``):

- "My work": the "you said, we did" responses a person owns that are still unanswered, overdue first, and the
  planned activities they own whose date has passed without their being logged as held (or cancelled);
- the daily reminders of the review cycle (``register_reminders``, sent by the Celery beat task
  ``meetings.packs.tasks.run_review_cycle_everywhere`` through ``core.notifications``, one notification a day per
  person, emailed at once or in the daily digest as each prefers): each owner is chased for their overdue
  responses, and the PMO is told how many are overdue across the programme.
"""

from django.urls import reverse
from django.utils import timezone

from core import registry
from core.choices import Role
from core.exports import user_name
from engagement.choices import ActivityStatus
from engagement.models import EngagementActivity, EngagementResponse
from programme.models import RoleAssignment


def _response_link(response):
    return reverse("engagement:response-detail", args=[response.pk])


def responses_due(user):
    today = timezone.localdate()
    found = (EngagementResponse.objects.filter(owner=user, responded_on__isnull=True)
             .select_related("activity").order_by("due_date", "number"))
    return [registry.WorkItem(f"{response.ref} {response.you_said[:100]}", _response_link(response),
                              "\"You said, we did\" to answer", response.due_date,
                              bool(response.due_date and response.due_date < today))
            for response in found]


def activities_to_log(user):
    today = timezone.localdate()
    found = (EngagementActivity.objects.filter(owner=user, status=ActivityStatus.PLANNED, planned_date__lt=today)
             .order_by("planned_date", "number"))
    return [registry.WorkItem(f"{activity.ref} {activity.title}", reverse("engagement:activity-log",
                                                                          args=[activity.pk]),
                              "Engagement activity to log", activity.planned_date, True)
            for activity in found]


def overdue_responses(tenant, today):
    """Reminders: each owner's unanswered responses past their due date; the PMO's count of them."""
    overdue = list(EngagementResponse.all_tenants.filter(tenant=tenant, responded_on__isnull=True, due_date__lt=today)
                   .select_related("owner", "activity").order_by("due_date", "number"))
    for response in overdue:
        if response.owner_id is not None:
            yield registry.Reminder(
                response.owner, f"{response.ref} \"{response.you_said[:100]}\" (heard at {response.activity.ref} "
                f"{response.activity.title}): the response was due {response.due_date:%d %b %Y}",
                _response_link(response))
    if overdue:
        count = f"{len(overdue)} \"you said, we did\" response{'s are' if len(overdue) != 1 else ' is'} overdue"
        owners = sorted({user_name(response.owner, "nobody") for response in overdue})
        pmo = RoleAssignment.all_tenants.filter(tenant=tenant, role=Role.PMO).select_related("user")
        for user in sorted({assignment.user for assignment in pmo}, key=lambda user: user.pk):
            yield registry.Reminder(user, f"{count} (owners: {', '.join(owners)})",
                                    reverse("engagement:response-list") + "?overdue=true")


registry.register_work("engagement.responses", "Your \"you said, we did\" responses to give", responses_due, order=60)
registry.register_work("engagement.activities", "Your engagement activities to log", activities_to_log, order=61)
registry.register_reminders("engagement.overdue_responses", "Overdue \"you said, we did\" responses",
                            overdue_responses)
