"""Communications and engagement's words (PID s4.2): stakeholders, the engagement plan and log, consultation on
service changes and the Government's Four Tests."""

from django.db import models


class StakeholderKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    GROUP = "group", "Group"
    PERSON = "person", "Person"


class StakeholderCategory(models.TextChoices):
    PATIENT_GROUP = "patient_group", "Patients' or service users' group"
    HEALTHWATCH = "healthwatch", "Healthwatch"
    PPI_REFERENCE_GROUP = "ppi_reference_group", "PPI Reference Group"
    HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
    SCRUTINY_COMMITTEE = "scrutiny_committee", "Overview and scrutiny committee"
    STAFF_SIDE = "staff_side", "Staff side"
    MP = "mp", "MP"
    COUNCILLOR = "councillor", "Councillor"
    SELDOM_HEARD = "seldom_heard", "Seldom-heard group"
    CLINICAL_COMMISSIONER = "clinical_commissioner", "Clinical commissioner"
    PROVIDER = "provider", "Provider"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary and community sector"
    MEDIA = "media", "Media"
    OTHER = "other", "Other"


class SupportLevel(models.TextChoices):
    """The engagement assessment matrix's levels, in order (``SUPPORT_ORDER``)."""

    UNAWARE = "unaware", "Unaware"
    RESISTANT = "resistant", "Resistant"
    NEUTRAL = "neutral", "Neutral"
    SUPPORTIVE = "supportive", "Supportive"
    LEADING = "leading", "Leading"


SUPPORT_ORDER = {value: index for index, value in enumerate(SupportLevel.values)}


class ActivityKind(models.TextChoices):
    EVENT = "event", "Event"
    SURVEY = "survey", "Survey"
    BRIEFING = "briefing", "Briefing"
    NEWSLETTER = "newsletter", "Newsletter"
    CO_DESIGN = "co_design", "Co-design session"
    PUBLIC_MEETING = "public_meeting", "Public meeting"
    FOCUS_GROUP = "focus_group", "Focus group"
    SOCIAL_MEDIA = "social_media", "Social media"
    PRESS_RELEASE = "press_release", "Press release"
    OTHER = "other", "Other"


class EngagementChannel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    ONLINE_MEETING = "online_meeting", "Online meeting"
    EMAIL = "email", "Email"
    PRINT = "print", "Print"
    WEBSITE = "website", "Website"
    SOCIAL_MEDIA = "social_media", "Social media"
    PRESS = "press", "Press"
    PHONE = "phone", "Phone"
    OTHER = "other", "Other"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MeasureKind(models.TextChoices):
    REACH = "reach", "Reach"
    RESPONSE_RATE = "response_rate", "Response rate"
    SENTIMENT = "sentiment", "Sentiment"
    OTHER = "other", "Other"


class MeasureUnit(models.TextChoices):
    PEOPLE = "people", "People"
    PERCENT = "percent", "%"
    SCORE = "score", "Score"


class ServiceChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PRE_CONSULTATION = "pre_consultation", "Pre-consultation engagement"
    AWAITING_CONSULTATION_DECISION = "awaiting_consultation_decision", "Awaiting consultation decision"
    IN_CONSULTATION = "in_consultation", "In formal consultation"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FourTestName(models.TextChoices):
    """The Government's Four Tests for service change (2014/15 Mandate), in PID s4.2's wording and order."""

    ENGAGEMENT = "engagement", "Strong public and patient engagement"
    PATIENT_CHOICE = "patient_choice", "Consistency with current and prospective need for patient choice"
    CLINICAL_EVIDENCE = "clinical_evidence", "A clear clinical evidence base"
    COMMISSIONER_SUPPORT = "commissioner_support", "Support for proposals from clinical commissioners"


class EvidenceKind(models.TextChoices):
    ENGAGEMENT_RECORD = "engagement_record", "Engagement record"
    CLINICAL_EVIDENCE = "clinical_evidence", "Clinical evidence"
    COMMISSIONERS_DECISION = "commissioners_decision", "Commissioners' decision"
    DOCUMENT = "document", "Document"


# The nine objectives of PID s4.2's Marketing, Communications and Engagement Plan, in the PID's order. Each
# partnership gets its own editable copy (engagement.objectives; migration 0002 froze its own copy).
PLAN_OBJECTIVES = [
    "Raise awareness and understanding of the BCT Programme and its work",
    "Increase public and political acceptance of the need for radical service change",
    "Manage and mitigate any reputational risks arising from the BCT Programme",
    "Respond consistently across the LLR economy to requests for information about the Programme",
    "Ensure all key stakeholders are fully engaged and informed at an appropriate level",
    "Create advocates for the BCT Programme across the LLR economy",
    "Ensure and demonstrate meaningful patient and public involvement in the BCT Programme",
    "Provide suitable reassurance to NHS England and other agencies that the Programme has conducted the right "
    "level and quality of communications and engagement",
    "Plan and implement effective public consultation as required, supporting the successful implementation of "
    "proposed service change",
]
