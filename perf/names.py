"""Names for generated partnerships and their contents: England's 42 integrated care systems (the horizon of
issue 8), and phrases to compose titles and descriptions from. Everything generated is fictional."""

# (key, name). The first is the large tenant the benchmark measures. Slugs are "load-<key>", never a demo slug.
SYSTEMS = [
    ("gm", "Greater Manchester"),
    ("bnssg", "Bristol, North Somerset and South Gloucestershire"),
    ("wy", "West Yorkshire"),
    ("km", "Kent and Medway"),
    ("cm", "Cheshire and Merseyside"),
    ("banes", "Bath and North East Somerset, Swindon and Wiltshire"),
    ("blmk", "Bedfordshire, Luton and Milton Keynes"),
    ("bsol", "Birmingham and Solihull"),
    ("bc", "Black Country"),
    ("bob", "Buckinghamshire, Oxfordshire and Berkshire West"),
    ("cp", "Cambridgeshire and Peterborough"),
    ("cios", "Cornwall and the Isles of Scilly"),
    ("cw", "Coventry and Warwickshire"),
    ("dd", "Derby and Derbyshire"),
    ("devon", "Devon"),
    ("dorset", "Dorset"),
    ("frimley", "Frimley"),
    ("glos", "Gloucestershire"),
    ("hiow", "Hampshire and Isle of Wight"),
    ("hw", "Herefordshire and Worcestershire"),
    ("hwe", "Hertfordshire and West Essex"),
    ("hny", "Humber and North Yorkshire"),
    ("lsc", "Lancashire and South Cumbria"),
    ("lincs", "Lincolnshire"),
    ("mse", "Mid and South Essex"),
    ("nw", "Norfolk and Waveney"),
    ("ncl", "North Central London"),
    ("nenc", "North East and North Cumbria"),
    ("nel", "North East London"),
    ("nwl", "North West London"),
    ("northants", "Northamptonshire"),
    ("notts", "Nottingham and Nottinghamshire"),
    ("stw", "Shropshire, Telford and Wrekin"),
    ("somerset", "Somerset"),
    ("sel", "South East London"),
    ("swl", "South West London"),
    ("sy", "South Yorkshire"),
    ("sshp", "Staffordshire and Stoke-on-Trent"),
    ("snee", "Suffolk and North East Essex"),
    ("surrey", "Surrey Heartlands"),
    ("sussex", "Sussex"),
    ("llr", "Leicester, Leicestershire and Rutland"),
]

SLUG_PREFIX = "load-"
USER_PREFIX = "load."

ORGANISATIONS = [
    ("ACUTE", "{place} Hospitals NHS Foundation Trust", "acute_trust"),
    ("TEACH", "{place} Teaching Hospitals NHS Trust", "acute_trust"),
    ("COMM", "{place} Community Health NHS Trust", "community_trust"),
    ("MH", "{place} Mental Health NHS Foundation Trust", "community_trust"),
    ("AMB", "{place} Ambulance Service NHS Trust", "ambulance_trust"),
    ("ICB", "NHS {place} Integrated Care Board", "ccg"),
    ("CITY", "{place} City Council", "council"),
    ("COUNTY", "{place} County Council", "council"),
    ("VCSE", "{place} Voluntary Sector Alliance", "other"),
]

WORKSTREAM_THEMES = [
    ("Urgent and Emergency Care", "clinical"), ("Planned Care", "clinical"), ("Long Term Conditions", "clinical"),
    ("Frailty", "clinical"), ("Mental Health", "clinical"), ("Learning Disabilities and Autism", "clinical"),
    ("Children and Young People", "clinical"), ("Maternity", "clinical"), ("End of Life Care", "clinical"),
    ("Cancer", "clinical"), ("Estates", "enabling"), ("Workforce", "enabling"), ("Digital", "enabling"),
    ("Communications and Engagement", "enabling"), ("Population Health", "enabling"),
    ("Primary Care", "setting_of_care"), ("Community Care", "setting_of_care"), ("Social Care", "setting_of_care"),
    ("Acute Care", "setting_of_care"), ("Finance", "finance"),
]

PROJECT_NOUNS = [
    "single point of access", "virtual ward", "discharge to assess", "shared care record", "same-day emergency care",
    "community diagnostic centre", "elective hub", "falls response service", "crisis house", "care navigation",
    "remote monitoring", "clinical triage hub", "integrated neighbourhood team", "step-down beds",
    "home first pathway", "outpatient transformation", "workforce passport", "estates rationalisation",
    "population health dashboard", "care home support",
]
PROJECT_VERBS = ["Deliver", "Expand", "Integrate", "Pilot", "Roll out", "Redesign", "Procure", "Evaluate"]

RISK_CAUSES = [
    "Recruitment to {noun} posts", "Delay in approving the {noun} business case", "Interoperability of the {noun}",
    "Partner capacity to release staff for the {noun}", "Capital funding for the {noun}",
    "Public acceptance of changes to the {noun}", "Demand exceeding the modelled activity of the {noun}",
    "Contract variation for the {noun}", "Information governance for the {noun}", "Estates readiness for the {noun}",
]
RISK_EFFECTS = [
    "slips the go-live date", "reduces the planned savings", "leaves the service unsafe at peak times",
    "loses clinical engagement", "breaches the agreed budget", "delays benefits realisation",
    "undermines partner confidence", "increases waiting times",
]
CONTROLS = [
    "Monthly review at the workstream board.", "Agreed escalation route to the Delivery Board.",
    "Interim staffing from the partner bank.", "Contingency held by the finance workstream.",
    "Clinical safety case signed off.", "Engagement plan agreed with Healthwatch.",
]
BENEFIT_MEASURES = [
    ("Reduction in avoidable admissions", "admissions"), ("Bed days saved", "bed days"),
    ("Cash releasing savings", "£"), ("Reduction in agency spend", "£"), ("Patients seen same day", "patients"),
    ("Reduction in outpatient follow-ups", "appointments"), ("Staff vacancy rate reduction", "%"),
    ("Non-cashable productivity", "£"),
]
CR_TITLES = [
    "Extend the {noun} go-live by one quarter", "Add weekend cover to the {noun}", "Re-phase the {noun} budget",
    "Change the supplier of the {noun}", "Bring forward the {noun} evaluation", "Reduce the scope of the {noun}",
    "Concern about staffing of the {noun}", "Idea: share the {noun} with a neighbouring system",
]
LOREM = (
    "The partnership agreed this as part of its five-year plan; the narrative summarises the position reported "
    "to the last board, the assumptions behind it and what the workstream will do next. "
)


def text(rng, words=30):
    """A sentence or two of plausible filler."""
    pieces = LOREM.split()
    start = rng.randrange(len(pieces))
    return " ".join((pieces * 3)[start:start + words]).capitalize() + "."
