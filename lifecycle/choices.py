"""Fixed vocabularies of the lifecycle, in the PID's words: what was done and decided (Appendix 3), the states of
end-of-stage reports (s3.3), workstreams, programme closure (s3.6) and EIAs (s4.6), quality (s4.5) and the
Equality Statement (App. 8).

The API schema names each enum after its class here (``bct_portal.schema``), so the classes are named as the
enums already were (``EndOfStageReportStatusEnum``, ``CharacteristicEnum``...), and the names the code uses are
given at the end. ``LifecycleDecision`` is not plain ``Decision``: change control has a choice set of that name,
and two would rename both enums.
"""

from django.db import models


class LifecycleActionKind(models.TextChoices):
    PERFORMED = "performed", "Performed (R)"
    DECIDED = "decided", "Decided (A)"
    COMMENTED = "commented", "Commented (C)"



class LifecycleDecision(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"



class EndOfStageReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the Delivery Board"
    DELIVERY_APPROVED = "delivery_approved", "Approved by the Delivery Board"
    APPROVED = "approved", "Approved by the Partnership Board"
    REJECTED = "rejected", "Rejected"



class WorkstreamStatus(models.TextChoices):
    STARTING_UP = "starting_up", "Starting up"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ClosureStatus(models.TextChoices):
    NOTIFIED = "notified", "Programme notified it is about to close"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Closure approved by the Partnership Board"
    REJECTED = "rejected", "Closure not approved"
    DISBANDED = "disbanded", "Programme organisation and team disbanded"


class EiaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off by the workstream SRO"
    APPROVED = "approved", "Approved by the Delivery Board"
    REJECTED = "rejected", "Returned by the Delivery Board"


class Characteristic(models.TextChoices):
    """The Equality Act 2010 characteristics (Appendix 8), with carers, whom the PID names throughout."""

    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE = "marriage_civil_partnership", "Marriage and civil partnership"
    PREGNANCY = "pregnancy_maternity", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION = "religion_belief", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"
    CARERS = "carers", "Carers"



class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"


class Reviewer(models.TextChoices):
    CRG = "clinical_reference_group", "Clinical Reference Group"
    SENATE = "clinical_senate", "Clinical Senate (external assurance)"



class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_CONDITIONS = "conditions", "Accepted with conditions"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


# The names the code uses.
ActionKind = LifecycleActionKind
Decision = LifecycleDecision
ReportStatus = EndOfStageReportStatus
ProtectedCharacteristic = Characteristic
QualityReviewer = Reviewer
QualityOutcome = Outcome

# PID s4.5.2: care and treatment is safe, clinically effective, timely, patient-centred, efficient, equitable.
DIMENSIONS = [
    ("safe", "Safe"),
    ("effective", "Clinically effective"),
    ("timely", "Timely"),
    ("patient_centred", "Patient-centred"),
    ("efficient", "Efficient"),
    ("equitable", "Equitable"),
]

# PID s4.5.2: the five domains of the NHS Outcomes Framework.
DOMAINS = [
    ("premature_death", "Preventing people from dying prematurely"),
    ("long_term_conditions", "Enhancing quality of life for people with long-term conditions"),
    ("recovery", "Helping people to recover from episodes of ill health or following injury"),
    ("patient_experience", "Ensuring that people have a positive experience of care"),
    ("safe_environment",
     "Treating and caring for people in a safe environment and protecting them from avoidable harm"),
]

RATINGS = [
    ("meets", "Meets"),
    ("partly", "Partly meets"),
    ("does_not_meet", "Does not meet"),
    ("not_applicable", "Not applicable"),
]

EQUALITY_STATEMENT_TITLE = "Appendix 8 – Equality Statement"
EQUALITY_STATEMENT = [
    "The Better Care Together (BCT) Programme is committed to ensuring that equality considerations are embedded "
    "in all our actions as part of the Programme. We are committed to: addressing inequality in healthcare; "
    "avoiding discrimination against individuals, especially those in ‘protected groups’; promoting equality in "
    "employment; and complying with Equality, Inclusion and Human Rights legislation.",
    "We will meet our equality responsibilities by: assessing the impact of our decisions on different groups of "
    "people; being clear how we assess and meet individual need; not tolerating discrimination that affects our "
    "employees or our communities.",
    "We recognise that equality and diversity is fundamental to delivering high quality health and social care "
    "that meets the needs of individuals across LLR. We also recognise that equality and diversity is essential "
    "in recruiting and retaining the best staff.",
    "We will ensure that the BCT Programme treats LLR service users, patients, carers, visitors, volunteers and "
    "employees fairly and with respect. We will ensure that the Programme does not discriminate against "
    "individuals or groups on the basis of any of the ‘protected characteristics’ outlined in the Equality Act "
    "2010. This includes the grounds of disability or by reason of a person’s association with a disabled "
    "person, gender, marital or civil partnership status, race, colour, ethnic or national origin, age, sexual "
    "orientation, gender reassignment, pregnancy and maternity, religion or belief, or any other unjustifiable "
    "conditions or requirements.",
]
