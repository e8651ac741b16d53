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
from .packs import BoardPack, PackStatus, ScheduledRun

__all__ = [
    "AgendaItem", "AgendaSection", "BoardPack", "Meeting", "MeetingAction", "MeetingCadence", "MeetingDecision",
    "MeetingSettings", "MeetingStatus", "PackStatus", "ScheduledRun",
]
