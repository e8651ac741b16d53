"""Notifications awaiting a decision are settled by the decision (``settled_at``), no longer by being read. Those
read before this migration may have been settled or only read; they count as settled, as they did, so nothing
reappears as awaiting (every "My work" source also checks that its object still awaits the decision)."""

from django.db import migrations, models
from django.db.models import F


def settle_the_read(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    Notification.objects.filter(kind__contains="awaiting", read_at__isnull=False).update(settled_at=F("read_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_pending_task_email_retries"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="settled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(settle_the_read, migrations.RunPython.noop),
    ]
