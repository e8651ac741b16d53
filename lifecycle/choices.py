"""Fixed vocabularies of the lifecycle, in the PID's words: quality (s4.5) and the Equality Statement (App. 8)."""

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
