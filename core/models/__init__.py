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
from .sso import IdentityProvider
from .tenancy import Membership, Organisation, Partnership, User
from .webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookKind

__all__ = [
    "AllTenantsManager", "ApiToken", "AuditEvent", "AuditKind", "CalendarFeedToken", "CurrentTenantId",
    "DeliveryStatus", "DerivedVersion", "EmailMode",
    "ExportJob", "ExportStatus", "FeedSettings", "IdentityProvider",
    "Membership", "Notification", "NotificationPreference", "Organisation", "Partnership", "PendingTask", "RaciEntry",
    "ReferenceCounter",
    "SecurityPolicy",
    "TenantGroupObjectPermission", "TenantHistoryBase", "TenantManager", "TenantModel", "TenantQuerySet",
    "TenantUserObjectPermission", "User", "WebhookDelivery", "WebhookEndpoint", "WebhookEvent", "WebhookKind",
    "hash_token_key", "tenant_history",
]
