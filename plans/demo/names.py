"""The words demo data is made of: names, clinics, findings and what the records say."""

from plans.clinical.vocabulary import Finding, Mechanism

# Every demo clinic's name ends with this, followed by the seed: how demo rows are told apart.
DEMO_MARK = "(demo seed"

CLINICS = ("Northgate Physiotherapy", "Lakeside Spine Centre", "Old Mill Back Clinic")
THERAPISTS_PER_CLINIC = 4

GIVEN_FEMALE = (
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Sofia", "Grace", "Lily", "Freya", "Chloe", "Ella",
    "Priya", "Aisha", "Mei", "Yuki", "Fatima", "Hannah", "Zoe", "Nadia", "Elena", "Maya", "Leah",
    "Ruth", "Joan", "Margaret", "Irene", "Brigid", "Ingrid", "Lucia", "Noor",
)  # fmt: skip
GIVEN_MALE = (
    "Oliver", "George", "Noah", "Arthur", "Leo", "Oscar", "Harry", "Jack", "Jacob", "Thomas",
    "Mohammed", "Ravi", "Kenji", "Omar", "Daniel", "Samuel", "Peter", "David", "Luca", "Mateo",
    "Kwame", "Tomasz", "Ivan", "Ahmed", "Patrick", "Sean", "Felix", "Hugo", "Elijah", "Arjun",
)  # fmt: skip
FAMILY = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Nguyen", "Kowalski", "Okafor", "Murphy", "O'Brien", "Rossi", "Schmidt",
    "Haddad", "Tanaka", "Chen", "Singh", "Ali", "Novak", "Silva", "Garcia", "Martin", "Berg", "Fox",
)  # fmt: skip

# (weight, lowest age, highest age): most people with back pain seen in clinics are 30 to 70.
AGE_BANDS = ((8, 18, 29), (22, 30, 44), (32, 45, 59), (26, 60, 74), (12, 75, 92))

MECHANISMS = (
    (25, Mechanism.NONE), (20, Mechanism.LIFTING), (15, Mechanism.AWKWARD_MOVEMENT),
    (10, Mechanism.STRENUOUS_EXERCISE), (8, Mechanism.STRESS), (6, Mechanism.SPORTS_INJURY),
    (3, Mechanism.FALL), (2, Mechanism.VEHICLE_COLLISION),
)  # fmt: skip

# Everyday examination findings, two to four per assessment.
MECHANICAL = (
    Finding.PAIN_WITH_MOVEMENT, Finding.MUSCLE_SPASM, Finding.LOCALIZED_TENDERNESS,
    Finding.WORSE_WITH_FLEXION_OR_SITTING, Finding.SUSTAINED_POSTURE_AGGRAVATES, Finding.DESK_WORK,
    Finding.SEDENTARY, Finding.STRENUOUS_JOB, Finding.SLOUCHED_POSTURE, Finding.PREVIOUS_EPISODES,
)  # fmt: skip

# Red-flag sets found at an assessment (about 3 in 100) or appearing at a visit (about 1 in 100).
RED_FLAGS_AT_ASSESSMENT: tuple[frozenset[str], ...] = (
    frozenset({Finding.SADDLE_ANESTHESIA, Finding.BLADDER_DYSFUNCTION}),
    frozenset({Finding.FEVER, Finding.IV_DRUG_USE}),
    frozenset({Finding.PROGRESSIVE_WEAKNESS}),
    frozenset({Finding.UNEXPLAINED_WEIGHT_LOSS, Finding.NIGHT_PAIN}),
    frozenset({Finding.OSTEOPOROSIS, Finding.BONY_POINT_TENDERNESS}),
)
RED_FLAGS_AT_VISIT: tuple[frozenset[str], ...] = (
    frozenset({Finding.PROGRESSIVE_WEAKNESS}),
    frozenset({Finding.UNEXPLAINED_WEIGHT_LOSS, Finding.NIGHT_PAIN}),
    frozenset({Finding.SADDLE_ANESTHESIA}),
)
REFERRED_TO = (
    "Emergency department, City General",
    "Spinal surgery clinic, City General",
    "GP for blood tests and review",
    "Rheumatology clinic",
)

# How an episode goes: (weight, name, NPRS change per visit, noise).
TRAJECTORIES = (
    (55, "improving", -0.9, 0.8),
    (22, "stalled", 0.0, 0.7),
    (10, "regressing", 0.6, 0.8),
    (13, "relapsing", -0.9, 0.8),  # improves, then loses the gain
)
VISIT_NOTES = (
    "Reviewed home programme; technique good.",
    "Progressed exercises; tolerated well.",
    "Pain eased after manual therapy.",
    "Discussed pacing and return to work.",
    "",
    "",
)
HOME_COMMENTS = ("", "", "", "Felt stiff in the morning.", "Easier than last week.", "Did it after work.")
