"""Partnerships made before the engagement app existed get the nine objectives of PID s4.2's Marketing,
Communications and Engagement Plan (a partnership made later gets them when it is created: engagement.objectives).
Objectives already there (perhaps edited by the PMO) are left alone; reversing does nothing."""

from django.db import migrations

# Frozen here: a migration's data does not follow later edits of engagement.choices.
OBJECTIVES = [
    "Raise awareness and understanding of the BCT Programme and its work",
    "Increase public and political acceptance of the need for radical service change",
    "Manage and mitigate any reputational risks arising from the BCT Programme",
    "Respond consistently across the LLR economy to requests for information about the Programme",
    "Ensure all key stakeholders are fully engaged and informed at an appropriate level",
    "Create advocates for the BCT Programme across the LLR economy",
    "Ensure and demonstrate meaningful patient and public involvement in the BCT Programme",
    "Provide suitable reassurance to NHS England and other agencies that the Programme has conducted the right "
    "level and quality of communications and engagement",
    "Plan and implement effective public consultation as required, supporting the successful implementation of "
    "proposed service change",
]


def seed(apps, schema_editor):
    Partnership = apps.get_model("core", "Partnership")
    Objective = apps.get_model("engagement", "EngagementObjective")
    for tenant_id in Partnership.objects.values_list("pk", flat=True):
        have = set(Objective.objects.filter(tenant_id=tenant_id).values_list("number", flat=True))
        Objective.objects.bulk_create([Objective(tenant_id=tenant_id, number=number, title=title)
                                       for number, title in enumerate(OBJECTIVES, start=1) if number not in have])


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial"), ("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
