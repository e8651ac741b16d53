from .access import (
    ApiToken,
    ProjectGroupObjectPermission,
    ProjectUserObjectPermission,
    RaciEntry,
    RoleAssignment,
    TenantGroupObjectPermission,
    TenantUserObjectPermission,
)
from .audit import AuditEvent, AuditKind, SecurityPolicy
from .base import AllTenantsManager, TenantHistoryBase, TenantManager, TenantModel, TenantQuerySet, tenant_history
from .governance import Body, Objective, Programme, Project, Stage, Workstream
from .lifecycle import (
    EiaCharacteristic,
    EndOfStageReport,
    EqualityImpactAssessment,
    Lesson,
    LifecycleAction,
    ProgrammeClosure,
    QualityCriterion,
    QualityReview,
    WorkstreamLifecycle,
)
from .meetings import (
    AgendaItem,
    AgendaSection,
    Meeting,
    MeetingAction,
    MeetingCadence,
    MeetingDecision,
    MeetingSettings,
    MeetingStatus,
)
from .notifications import EmailMode, Notification, NotificationPreference
from .packs import BoardPack, PackStatus, ScheduledRun
from .tenancy import Membership, Organisation, Partnership, User

__all__ = [
    "AllTenantsManager", "ApiToken", "Body", "EmailMode", "Membership", "Notification", "NotificationPreference",
    "Objective", "Organisation", "Partnership",
    "Programme", "Project", "ProjectGroupObjectPermission", "ProjectUserObjectPermission", "RaciEntry",
    "RoleAssignment", "Stage", "TenantGroupObjectPermission", "TenantHistoryBase", "TenantManager",
    "TenantModel", "TenantQuerySet", "TenantUserObjectPermission", "User", "Workstream", "tenant_history",
    # Meetings and board packs (DOMAIN.md s8).
    "AgendaItem", "AgendaSection", "BoardPack", "Meeting", "MeetingAction", "MeetingCadence", "MeetingDecision",
    "MeetingSettings", "MeetingStatus", "PackStatus", "ScheduledRun",
    # The security audit trail and each partnership's security policy (SECURITY.md).
    "AuditEvent", "AuditKind", "SecurityPolicy",
    # The programme's lifecycle: stages, gates, closure, EIAs, quality, lessons (programme/lifecycle/).
    "EiaCharacteristic", "EndOfStageReport", "EqualityImpactAssessment", "Lesson", "LifecycleAction",
    "ProgrammeClosure", "QualityCriterion", "QualityReview", "WorkstreamLifecycle",
]
