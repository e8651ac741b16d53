"""Small fixtures of the consultation tests: a service change made in the active partnership (not the demo's)."""

import datetime

from engagement import consultation
from engagement.models import ServiceChange
from programme.models import Workstream

DAY = datetime.date(2026, 3, 2)


def new_change(user, title="Test change: community beds", **values):
    values.setdefault("workstream", Workstream.objects.get(name="Urgent Care"))
    return consultation.create_service_change(user, title=title, **values)


def demo_change():
    return ServiceChange.objects.get(title__startswith="Integrated point of access")
