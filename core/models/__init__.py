from .access import (
    ApiToken,
    CalendarFeedToken,
    RaciEntry,
    TenantGroupObjectPermission,
    TenantUserObjectPermission,
    hash_token_key,
)
from .audit import AuditEvent, AuditKind, SecurityPolicy
from .base import (
    AllTenantsManager,
    CurrentTenantId,
    TenantHistoryBase,
    TenantManager,
    TenantModel,
    TenantQuerySet,
    tenant_history,
)
from .derived import DerivedVersion
from .dispatch import PendingTask
from .exports import ExportJob, ExportStatus
from .feeds import FeedSettings
from .notifications import EmailMode, Notification, NotificationPreference
from .numbering import ReferenceCounter
from .tenancy import Membership, Organisation, Partnership, User

__all__ = [
    "AllTenantsManager", "ApiToken", "AuditEvent", "AuditKind", "CalendarFeedToken", "CurrentTenantId",
    "DerivedVersion", "EmailMode",
    "ExportJob", "ExportStatus", "FeedSettings",
    "Membership", "Notification", "NotificationPreference", "Organisation", "Partnership", "PendingTask", "RaciEntry",
    "ReferenceCounter",
    "SecurityPolicy",
    "TenantGroupObjectPermission", "TenantHistoryBase", "TenantManager", "TenantModel", "TenantQuerySet",
    "TenantUserObjectPermission", "User", "hash_token_key", "tenant_history",
]
