"""Explicit grants on one business case (django-guardian direct foreign-key tables, tenant-scoped)."""

from django.db import models

from core.models import TenantGroupObjectPermission, TenantUserObjectPermission


class BusinessCaseUserObjectPermission(TenantUserObjectPermission):
    """A named person may read (``view_businesscase``) a restricted case beyond what their roles give."""

    content_object = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE)


class BusinessCaseGroupObjectPermission(TenantGroupObjectPermission):
    content_object = models.ForeignKey("business_cases.BusinessCase", on_delete=models.CASCADE)
