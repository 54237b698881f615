"""The public vocabulary of Upright (shared/api-contract.md), as TextChoices.

Values are the contract's codes and never change; labels are plain language for forms and pages.
"""

from collections.abc import Iterable

from django.db import models


class Region(models.TextChoices):
    LUMBAR = "lumbar", "Lower back (lumbar)"
    THORACIC = "thoracic", "Middle back (thoracic)"


class Onset(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"


class Mechanism(models.TextChoices):
    LIFTING = "lifting", "Lifting"
    AWKWARD_MOVEMENT = "awkward_movement", "Awkward movement"
    STRENUOUS_EXERCISE = "strenuous_exercise", "Strenuous exercise"
    STRESS = "stress", "Stress"
    FALL = "fall", "Fall"
    VEHICLE_COLLISION = "vehicle_collision", "Vehicle collision"
    SPORTS_INJURY = "sports_injury", "Sports injury"
    NONE = "none", "No clear cause"


class PainDistribution(models.TextChoices):
    BACK_ONLY = "back_only", "Back only"
    BUTTOCK_THIGH = "buttock_thigh", "Spreads to buttock or thigh"
    BELOW_KNEE = "below_knee", "Spreads below the knee"
    CHEST_ABDOMEN_BAND = "chest_abdomen_band", "Band around the chest or abdomen"
    ARM = "arm", "Spreads to the arm"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Bothersomeness(models.TextChoices):
    NOT_AT_ALL = "not_at_all", "Not at all"
    SLIGHTLY = "slightly", "Slightly"
    MODERATELY = "moderately", "Moderately"
    VERY_MUCH = "very_much", "Very much"
    EXTREMELY = "extremely", "Extremely"


class Finding(models.TextChoices):
    # Neurological
    NUMBNESS = "numbness", "Numbness"
    TINGLING = "tingling", "Tingling or pins and needles"
    WEAKNESS = "weakness", "Muscle weakness"
    REFLEX_LOSS = "reflex_loss", "Reduced or absent reflex"
    PROGRESSIVE_WEAKNESS = "progressive_weakness", "Weakness that is getting worse"
    BILATERAL_LEG_SYMPTOMS = "bilateral_leg_symptoms", "Symptoms in both legs"
    SADDLE_ANESTHESIA = "saddle_anesthesia", "Numbness in the saddle area (groin, buttocks, genitals)"
    BLADDER_DYSFUNCTION = "bladder_dysfunction", "New bladder problems (retention, loss of feeling, leaking)"
    BOWEL_INCONTINENCE = "bowel_incontinence", "Loss of bowel control"
    GAIT_DISTURBANCE = "gait_disturbance", "Unsteady or changed walking"
    HYPERREFLEXIA = "hyperreflexia", "Brisk reflexes (upper motor neuron signs)"
    SYMPTOMS_PROGRESSING = (
        "symptoms_progressing",
        "Leg symptoms or nerve signs began, spread or got worse in recent days or weeks",
    )
    # Systemic and history
    HISTORY_OF_CANCER = "history_of_cancer", "History of cancer"
    UNEXPLAINED_WEIGHT_LOSS = "unexplained_weight_loss", "Unexplained weight loss"
    NIGHT_PAIN = "night_pain", "Pain at night not eased by changing position"
    FEVER = "fever", "Fever, chills or feeling unwell"
    IMMUNOSUPPRESSION = "immunosuppression", "Weakened immune system"
    IV_DRUG_USE = "iv_drug_use", "Intravenous drug use"
    LONG_TERM_CORTICOSTEROIDS = "long_term_corticosteroids", "Long-term corticosteroid use"
    OSTEOPOROSIS = "osteoporosis", "Osteoporosis (thin bones)"
    OSTEOARTHRITIS = "osteoarthritis", "Osteoarthritis"
    CARDIAC_SYMPTOMS = "cardiac_symptoms", "Chest, arm or jaw pain on exertion, or breathlessness"
    TEARING_PAIN = "tearing_pain", "Sudden severe tearing pain not changed by position"
    SEVERE_MORNING_STIFFNESS = "severe_morning_stiffness", "Severe morning stiffness"
    PREVIOUS_EPISODES = "previous_episodes", "Previous episodes of back pain"
    HIGH_ENERGY_TRAUMA = (
        "high_energy_trauma",
        "Dangerous injury: fall from 1 m or 5 stairs, fast or rollover crash, struck by a vehicle, "
        "bicycle, horse or motor-sport accident, landing on feet or buttocks from a height, diving",
    )
    FRACTURE_EXCLUDED = (
        "fracture_excluded",
        "Spinal fracture ruled out by imaging or a physician since the injury",
    )
    REPETITIVE_EXTENSION_SPORT = (
        "repetitive_extension_sport",
        "Sport with repeated back-bending or twisting (e.g. fast bowling, gymnastics, dance, diving)",
    )
    PREGNANT = "pregnant", "Pregnant"
    POSTPARTUM = "postpartum", "Gave birth in the last 12 months"
    BETTER_WITH_EXERCISE_NOT_REST = (
        "better_with_exercise_not_rest",
        "Back pain eases with exercise or activity, not with rest",
    )
    NIGHT_WAKING_SECOND_HALF = (
        "night_waking_second_half",
        "Woken in the second half of the night by pain or stiffness that eases on getting up",
    )
    ALTERNATING_BUTTOCK_PAIN = "alternating_buttock_pain", "Buttock pain that switches sides"
    WIDESPREAD_PAIN = "widespread_pain", "Pain in many body regions, not only the back"
    # Mechanical and examination
    PAIN_WITH_MOVEMENT = "pain_with_movement", "Pain with movement"
    LOCALIZED_TENDERNESS = "localized_tenderness", "Tender to touch in one area"
    BONY_POINT_TENDERNESS = "bony_point_tenderness", "Tender over a bone (spinous process)"
    MUSCLE_SPASM = "muscle_spasm", "Muscle spasm"
    DEFORMITY = "deformity", "Visible deformity or new curve"
    WORSE_WITH_FLEXION_OR_SITTING = "worse_with_flexion_or_sitting", "Worse bending forward or sitting"
    WORSE_WITH_EXTENSION_OR_STANDING = (
        "worse_with_extension_or_standing",
        "Worse bending backward or standing",
    )
    RELIEF_WITH_SITTING_OR_FLEXION = "relief_with_sitting_or_flexion", "Eased by sitting or bending forward"
    WALKING_INTOLERANCE = "walking_intolerance", "Can only walk a short distance"
    CENTRALIZES_WITH_EXTENSION = "centralizes_with_extension", "Leg symptoms retreat with repeated extension"
    PERIPHERALIZES_WITH_FLEXION = "peripheralizes_with_flexion", "Leg symptoms spread with repeated flexion"
    POSITIVE_SLR = "positive_slr", "Positive straight-leg raise"
    SUSTAINED_POSTURE_AGGRAVATES = "sustained_posture_aggravates", "Worse after holding one position"
    SLOUCHED_POSTURE = "slouched_posture", "Slouched posture"
    DESK_WORK = "desk_work", "Desk work"
    STRENUOUS_JOB = "strenuous_job", "Physically strenuous job"
    SEDENTARY = "sedentary", "Mostly inactive"
    PAIN_INTENSIFYING = "pain_intensifying", "Pain getting stronger"
    NSAID_PARTIAL_RELIEF = "nsaid_partial_relief", "Anti-inflammatories give only brief relief"
    CENTRALIZES_WITH_FLEXION = "centralizes_with_flexion", "Leg symptoms retreat with repeated flexion"
    PERIPHERALIZES_WITH_EXTENSION = (
        "peripheralizes_with_extension",
        "Leg symptoms spread with repeated extension",
    )
    LATERAL_SHIFT = "lateral_shift", "Trunk visibly shifted to one side"
    CENTRALIZES_WITH_LATERAL_SHIFT_CORRECTION = (
        "centralizes_with_lateral_shift_correction",
        "Symptoms retreat with repeated shift correction (side glide)",
    )
    PELVIC_GIRDLE_PAIN = (
        "pelvic_girdle_pain",
        "Pelvic girdle pain (near the sacroiliac joint, standing, walking or sitting less tolerated)",
    )
    SIJ_PROVOCATION_POSITIVE = (
        "sij_provocation_positive",
        "Sacroiliac provocation tests positive (Laslett cluster)",
    )
    ABERRANT_MOVEMENT = "aberrant_movement", "Aberrant movement when bending forward and back"


class FindingGroup(models.TextChoices):
    NEUROLOGICAL = "neurological", "Neurological"
    SYSTEMIC = "systemic", "Systemic and history"
    MECHANICAL = "mechanical", "Mechanical and examination"


_NEUROLOGICAL_FINDINGS = (
    Finding.NUMBNESS,
    Finding.TINGLING,
    Finding.WEAKNESS,
    Finding.REFLEX_LOSS,
    Finding.PROGRESSIVE_WEAKNESS,
    Finding.BILATERAL_LEG_SYMPTOMS,
    Finding.SADDLE_ANESTHESIA,
    Finding.BLADDER_DYSFUNCTION,
    Finding.BOWEL_INCONTINENCE,
    Finding.GAIT_DISTURBANCE,
    Finding.HYPERREFLEXIA,
    Finding.SYMPTOMS_PROGRESSING,
)
_SYSTEMIC_FINDINGS = (
    Finding.HISTORY_OF_CANCER,
    Finding.UNEXPLAINED_WEIGHT_LOSS,
    Finding.NIGHT_PAIN,
    Finding.FEVER,
    Finding.IMMUNOSUPPRESSION,
    Finding.IV_DRUG_USE,
    Finding.LONG_TERM_CORTICOSTEROIDS,
    Finding.OSTEOPOROSIS,
    Finding.OSTEOARTHRITIS,
    Finding.CARDIAC_SYMPTOMS,
    Finding.TEARING_PAIN,
    Finding.SEVERE_MORNING_STIFFNESS,
    Finding.PREVIOUS_EPISODES,
    Finding.HIGH_ENERGY_TRAUMA,
    Finding.FRACTURE_EXCLUDED,
    Finding.REPETITIVE_EXTENSION_SPORT,
    Finding.PREGNANT,
    Finding.POSTPARTUM,
    Finding.BETTER_WITH_EXERCISE_NOT_REST,
    Finding.NIGHT_WAKING_SECOND_HALF,
    Finding.ALTERNATING_BUTTOCK_PAIN,
    Finding.WIDESPREAD_PAIN,
)
FINDING_GROUPS: dict[FindingGroup, tuple[Finding, ...]] = {
    FindingGroup.NEUROLOGICAL: _NEUROLOGICAL_FINDINGS,
    FindingGroup.SYSTEMIC: _SYSTEMIC_FINDINGS,
    FindingGroup.MECHANICAL: tuple(
        f for f in Finding if f not in _NEUROLOGICAL_FINDINGS and f not in _SYSTEMIC_FINDINGS
    ),
}


# A direction either centralises or peripheralises the symptoms, never both (api-contract.md "Errors").
CONTRADICTORY_DIRECTIONS = (
    (Finding.CENTRALIZES_WITH_EXTENSION, Finding.PERIPHERALIZES_WITH_EXTENSION),
    (Finding.CENTRALIZES_WITH_FLEXION, Finding.PERIPHERALIZES_WITH_FLEXION),
)


def contradictory_direction_messages(findings: Iterable[str]) -> list[str]:
    """One message for each direction recorded as both centralising and peripheralising."""
    present = {str(f) for f in findings}
    return [
        f"“{Finding(centralises).label}” and “{Finding(peripheralises).label}” cannot both be ticked: "
        "a direction either centralises or peripheralises the symptoms."
        for centralises, peripheralises in CONTRADICTORY_DIRECTIONS
        if centralises in present and peripheralises in present
    ]


class CauseCode(models.TextChoices):
    MUSCLE_STRAIN_SPRAIN = "muscle_strain_sprain", "Muscle strain or ligament sprain"
    HERNIATED_DISC = "herniated_disc", "Herniated disc"
    THORACIC_RADICULOPATHY = "thoracic_radiculopathy", "Thoracic radiculopathy (pinched nerve, mid back)"
    FORAMINAL_STENOSIS = "foraminal_stenosis", "Foraminal stenosis"
    CENTRAL_CANAL_STENOSIS = "central_canal_stenosis", "Central canal stenosis"
    VERTEBRAL_FRACTURE = "vertebral_fracture", "Vertebral fracture"
    AGE_RELATED_DEGENERATION = "age_related_degeneration", "Age-related degeneration"
    OBESITY_LOAD = "obesity_load", "Load from body weight"
    POOR_POSTURE = "poor_posture", "Sustained or poor posture"
    DECONDITIONING = "deconditioning", "Deconditioning"
    TRAUMATIC_INJURY = "traumatic_injury", "Fall or other injury without fracture"
    SPONDYLOLYSIS = "spondylolysis", "Pars stress injury (spondylolysis or spondylolisthesis)"
    SACROILIAC_PELVIC_GIRDLE = "sacroiliac_pelvic_girdle", "Sacroiliac joint or pelvic girdle pain"
    INFLAMMATORY_BACK_PAIN = (
        "inflammatory_back_pain",
        "Inflammatory back pain (possible axial spondyloarthritis)",
    )
    NONSPECIFIC_MECHANICAL = "nonspecific_mechanical", "Non-specific mechanical back pain"


class TriageLevel(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    PROMPT = "prompt", "Prompt referral"
    NONE = "none", "No red flag"


class TriageFlag(models.TextChoices):
    """The triage rules that can fire, in the contract's table order ("Triage rules (v2)")."""

    CAUDA_EQUINA = "cauda_equina", "Suspected cauda equina syndrome"
    AORTIC = "aortic", "Suspected aortic aneurysm or dissection"
    CARDIAC = "cardiac", "Possible cardiac cause"
    MAJOR_TRAUMA = "major_trauma", "Major trauma"
    EARLIER_MAJOR_TRAUMA = "earlier_major_trauma", "Earlier major trauma"
    TRAUMA_NEURO = "trauma_neuro", "Injury with neurological signs"
    COLLISION_FRACTURE_SIGNS = "collision_fracture_signs", "Vehicle collision with fracture signs"
    FALL_FRACTURE_SIGNS = "fall_fracture_signs", "Fall with fracture signs"
    SPORTS_NEURO = "sports_neuro", "Sports injury with neurological signs"
    MYELOPATHY_PROGRESSING = "myelopathy_progressing", "Progressing myelopathy"
    MYELOPATHY = "myelopathy", "Myelopathy"
    PROGRESSIVE_DEFICIT = "progressive_deficit", "New or progressive neurological deficit"
    BILATERAL_LEG = "bilateral_leg", "Symptoms in both legs"
    BILATERAL_STABLE = "bilateral_stable", "Long-standing stable symptoms in both legs"
    MSCC = "mscc", "Suspected metastatic spinal cord compression"
    INFECTION = "infection", "Suspected spinal infection"
    INFECTION_RISK = "infection_risk", "Raised risk of spinal infection"
    MALIGNANCY = "malignancy", "Possible spinal malignancy"
    FRAGILITY_FRACTURE = "fragility_fracture", "Suspected fragility fracture"
    MINOR_TRAUMA = "minor_trauma", "Possible fracture after a minor injury"
    DEFORMITY = "deformity", "Spinal deformity"
    AXIAL_SPA = "axial_spa", "Possible axial spondyloarthritis"
    SPONDYLOLYSIS = "spondylolysis", "Possible pars stress injury (spondylolysis)"


TRIAGE_SEVERITY: dict[str, int] = {
    TriageLevel.NONE: 0,
    TriageLevel.PROMPT: 1,
    TriageLevel.URGENT: 2,
    TriageLevel.EMERGENCY: 3,
}


class ReferralUrgency(models.TextChoices):
    """Most urgent first."""

    EMERGENCY = "emergency", "Emergency (now)"
    SAME_DAY = "same_day", "Same day"
    WITHIN_DAYS = "within_days", "Within days"
    ROUTINE = "routine", "Routine"

    @classmethod
    def at_least(cls, urgency: str, needed: str) -> bool:
        order = list(cls.values)
        return order.index(urgency) <= order.index(needed)


# The referral a red flag needs at the least: releasing it takes this urgency or a greater one.
URGENCY_FOR_LEVEL: dict[str, str] = {
    TriageLevel.EMERGENCY: ReferralUrgency.EMERGENCY,
    TriageLevel.URGENT: ReferralUrgency.SAME_DAY,
    TriageLevel.PROMPT: ReferralUrgency.WITHIN_DAYS,
}


class ExerciseKind(models.TextChoices):
    MOBILITY = "mobility", "Mobility"
    DIRECTIONAL_PREFERENCE = "directional_preference", "Directional preference"
    STABILIZATION = "stabilization", "Stabilization"
    STRENGTHENING = "strengthening", "Strengthening"
    AEROBIC = "aerobic", "Aerobic"
    NERVE_MOBILITY = "nerve_mobility", "Nerve mobility"
    BALANCE = "balance", "Balance"
    POSTURE = "posture", "Posture"
    RELAXATION = "relaxation", "Relaxation"
    GRADED_ACTIVITY = "graded_activity", "Graded activity"


class Stage(models.TextChoices):
    ACUTE = "acute", "Acute"
    SUBACUTE = "subacute", "Subacute"
    CHRONIC = "chronic", "Chronic"


class OdiBand(models.TextChoices):
    MINIMAL = "minimal", "Minimal disability"
    MODERATE = "moderate", "Moderate disability"
    SEVERE = "severe", "Severe disability"
    CRIPPLED = "crippled", "Crippling disability"
    BED_BOUND = "bed_bound", "Bed-bound or exaggerating"


class StartBackRisk(models.TextChoices):
    LOW = "low", "Low risk"
    MEDIUM = "medium", "Medium risk"
    HIGH = "high", "High risk"


class MeasureStatus(models.TextChoices):
    IMPROVED = "improved", "Improved"
    UNCHANGED = "unchanged", "Unchanged"
    WORSENED = "worsened", "Worsened"


class PromptKind(models.TextChoices):
    RED_FLAG = "red_flag", "Red flag"
    REGRESSION = "regression", "Regression"
    RELAPSE = "relapse", "Relapse"
    PLATEAU = "plateau", "Plateau"
    GOAL_MET = "goal_met", "Goal met"
    REEVALUATION_DUE = "reevaluation_due", "Re-evaluation due"


class ExerciseProperty(models.TextChoices):
    """Movement properties an exercise has and a cause may rule out."""

    LOADED_SPINAL_FLEXION = "loaded_spinal_flexion", "Loaded spinal flexion"
    SPINAL_FLEXION = "spinal_flexion", "Spinal flexion"
    SPINAL_EXTENSION = "spinal_extension", "Spinal extension"
    ROTATION = "rotation", "Spinal rotation"
    HIGH_IMPACT = "high_impact", "High impact"
    LATERAL_GLIDE = "lateral_glide", "Side glide or shift correction"
    PRONE = "prone", "Face-down position"
    SUPINE = "supine", "Lying on the back"
    UNSUPPORTED_BALANCE = "unsupported_balance", "Balance without a hand hold"
    NON_WEIGHT_BEARING = "non_weight_bearing", "Non-weight-bearing"


class EducationCategory(models.TextChoices):
    EDUCATION = "education", "Understanding back pain"
    POSTURE = "posture", "Posture and positions"
    BODY_MECHANICS = "body_mechanics", "Body mechanics"
    ACTIVITY = "activity", "Activity and pacing"


# The plan vocabulary of rules version 2 lives in its own module; these names stay importable here.
from plans.clinical.plan_vocabulary import (  # noqa: E402, F401
    CarePathway,
    CpgCategory,
    DpBasis,
    PlanRule,
    SeriousPathology,
    TargetRegion,
)


class GoalStatus(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    DROPPED = "dropped", "Dropped"
