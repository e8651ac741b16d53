from meetings.choices import AgendaSection, MeetingStatus, PackStatus

from .invitations import MeetingInvitation
from .meetings import AgendaItem, Meeting, MeetingAction, MeetingCadence, MeetingDecision, MeetingSettings
from .packs import BoardPack, ScheduledRun

# The choices live in meetings.choices; named here too for code that imported them with the models.
__all__ = [
    "AgendaItem", "AgendaSection", "BoardPack", "Meeting", "MeetingAction", "MeetingCadence", "MeetingDecision",
    "MeetingInvitation", "MeetingSettings", "MeetingStatus", "PackStatus", "ScheduledRun",
]
