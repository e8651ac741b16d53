"""The nine objectives of PID s4.2's Marketing, Communications and Engagement Plan, given to every partnership:
to those that existed when the app arrived by migration 0002 (its own frozen copy), to a partnership made later
when it is saved for the first time (``post_save`` of ``core.Partnership``), and by the demo loader. The PMO edits
them afterwards; rows already there are never overwritten."""

from django.db.models.signals import post_save

from core.models import Partnership
from engagement.choices import PLAN_OBJECTIVES


def seed(tenant_id, objectives=PLAN_OBJECTIVES, model=None):
    """Give partnership ``tenant_id`` each objective it lacks (by number); returns how many were made."""
    if model is None:
        from engagement.models import EngagementObjective as model
    have = set(model.all_tenants.filter(tenant_id=tenant_id).values_list("number", flat=True))
    new = [model(tenant_id=tenant_id, number=number, title=title)
           for number, title in enumerate(objectives, start=1) if number not in have]
    model.all_tenants.bulk_create(new)
    return len(new)


def seed_loader(partnership):
    seed(partnership.pk)


def on_partnership_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        seed(instance.pk)


def connect():
    post_save.connect(on_partnership_saved, sender=Partnership, dispatch_uid="engagement.seed_objectives")
