"""Vocabulary of the v2 plan rules: target regions, JOSPT categories, care pathways, direction basis,
suspected serious pathology and the plan rule that chose an exercise."""

from django.db import models


class TargetRegion(models.TextChoices):
    """The part of the body an exercise works on."""

    LUMBAR = "lumbar", "Low back, pelvis and hips"
    THORACIC = "thoracic", "Upper back, ribs and shoulder blades"
    CERVICAL = "cervical", "Neck"
    GENERAL = "general", "Whole body"


class CpgCategory(models.TextChoices):
    """JOSPT 2012 low back pain classification (api-contract.md, "JOSPT classification")."""

    MOBILITY_DEFICITS = "mobility_deficits", "Low back pain with mobility deficits"
    MOVEMENT_COORDINATION_IMPAIRMENTS = (
        "movement_coordination_impairments",
        "Low back pain with movement coordination impairments",
    )
    RELATED_LOWER_EXTREMITY_PAIN = (
        "related_lower_extremity_pain",
        "Low back pain with related (referred) lower-extremity pain",
    )
    RADIATING_PAIN = "radiating_pain", "Low back pain with radiating pain"
    COGNITIVE_AFFECTIVE_TENDENCIES = (
        "cognitive_affective_tendencies",
        "Low back pain with related cognitive or affective tendencies",
    )
    GENERALIZED_PAIN = "generalized_pain", "Low back pain with generalized pain"


class CarePathway(models.TextChoices):
    """Stratified care by STarT Back risk group."""

    SELF_MANAGEMENT = "self_management", "Self-management (low risk)"
    PT_EXERCISE = "pt_exercise", "Physiotherapy exercise (medium risk)"
    PSYCHOLOGICALLY_INFORMED = (
        "psychologically_informed",
        "Psychologically informed physiotherapy (high risk)",
    )


class DpBasis(models.TextChoices):
    """How a plan's movement direction was found."""

    TESTED = "tested", "Tested: repeated movements centralised the symptoms"
    TRIAL = "trial", "Trial: guessed from aggravating and easing postures, to be tested"


class SeriousPathology(models.TextChoices):
    MALIGNANCY = "malignancy", "Malignancy"
    INFECTION = "infection", "Infection"
    VASCULAR = "vascular", "Vascular (aortic)"
    CARDIAC = "cardiac", "Cardiac"


class PlanRule(models.TextChoices):
    """The plan rule that put an exercise in a suggested plan (shown on the suggestion page)."""

    DIRECTION_TESTED = "direction_tested", "Tested direction: repeated movement first"
    DIRECTION_POSITION = "direction_position", "Tested direction: an easier position"
    DIRECTION_TRIAL = "direction_trial", "Trial of the suggested direction"
    CLAUDICATION = "claudication", "Neurogenic claudication: flexion bias, cycling, interval walking"
    BMI_35 = "bmi_35", "BMI 35 or more: non-weight-bearing aerobic work first"
    PREGNANCY = "pregnancy", "Pregnancy or postpartum: pelvic floor and walking"
    PELVIC_GIRDLE = "pelvic_girdle", "Pelvic girdle pain: side-lying or standing stabilisation"
    SPONDYLOLYSIS = "spondylolysis", "Pars stress injury: anti-extension control and hamstring mobility"
    NERVE_ROOT = "nerve_root", "Nerve-root signs: neural mobilisation"
    THORACIC = "thoracic", "Thoracic radiculopathy or band pain: thoracic mobility and rib glides"
    GRADED_ACTIVITY = "graded_activity", "STarT Back high risk: graded activity"
    CAUSE = "cause", "Suits the likely causes"
    SAFE_ACTIVITY = "safe_activity", "General safe activity while medical assessment is awaited"
