"""Fields the lifecycle's models share."""

from django.conf import settings
from django.db import models


def user_field(**kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", **kwargs)
