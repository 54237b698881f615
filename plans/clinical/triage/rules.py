"""Red-flag triage in tiers (shared/api-contract.md "Triage rules (v2)", clinical-reference.md §2, §8).

Each rule that fires gives a ``RedFlag``: its code in the contract's table, the condition suspected,
its tier, the facts that raised it and what the therapist should do. The triage level is the most
severe tier among them; flags are listed most severe first, then in the table's order. Rules err
towards the higher tier where the reference leaves room: missing serious pathology costs more than
an extra referral.

``assess_red_flags`` triages an assessment; ``screen_visit`` triages a follow-up visit, with the
episode's history when the baseline findings are known (§8.3).
"""

from __future__ import annotations

from collections.abc import Iterable

from plans.clinical import evidence
from plans.clinical.triage.findings import (
    ADOLESCENT_AGE_UNDER,
    BONE_FRAGILITY,
    CAUDA_EQUINA,
    EMERGENCY_IMAGING,
    FRACTURE_SIGNS,
    FRAGILITY_AGE,
    FRAGILITY_MECHANISMS,
    INFECTION_RISK,
    INFECTION_SIGNS,
    INFLAMMATORY_FEATURES,
    INFLAMMATORY_MIN_DAYS,
    INFLAMMATORY_MIN_FEATURES,
    INFLAMMATORY_ONSET_AGE_UNDER,
    INJURY_MECHANISMS,
    LONG_STANDING_DAYS,
    MALIGNANCY_AGE_OVER,
    MALIGNANCY_AGE_UNDER,
    MALIGNANCY_SIGNS,
    MYELOPATHY,
    NEURO_SIGNS,
    NEW_PAIN_DAYS,
    OLDER_AGE,
    RECENT_INJURY_DAYS,
    SAME_DAY_IMAGING,
    TRACKED_DEFICITS,
    TRAUMA_NEURO_MECHANISMS,
    TRAUMA_OR_FRAGILITY_FLAGS,
    Case,
    present,
)
from plans.clinical.triage.result import RedFlag
from plans.clinical.vocabulary import Finding, Mechanism, Onset, Sex, TriageFlag, TriageLevel

F = Finding
AGE = evidence.AGE.code
SUDDEN_ONSET = evidence.EvidenceKey(evidence.ONSET, Onset.SUDDEN).code


def red_flags(case: Case) -> list[RedFlag]:
    """Every rule that fires, in the contract's table order."""
    found = case.findings
    age = case.age
    flags: list[RedFlag] = []

    def flag(
        code: str, level: TriageLevel, reasons: Iterable[str | None], condition: str, action: str
    ) -> None:
        flags.append(
            RedFlag(str(code), condition, level, tuple(dict.fromkeys(str(r) for r in reasons if r)), action)
        )

    neuro = present(found, NEURO_SIGNS)
    ces = present(found, CAUDA_EQUINA)
    fracture_signs = present(found, FRACTURE_SIGNS)
    fracture_excluded = F.FRACTURE_EXCLUDED in found
    high_energy = F.HIGH_ENERGY_TRAUMA in found
    trauma_rules = not case.at_visit
    mechanism = case.mechanism
    mechanism_key = (
        evidence.EvidenceKey(evidence.MECHANISM, mechanism).code
        if mechanism and mechanism != Mechanism.NONE
        else None
    )
    injury = mechanism in INJURY_MECHANISMS
    # An unknown duration counts as recent: the safer reading for an injury.
    recent = case.duration_days is None or case.duration_days <= RECENT_INJURY_DAYS
    older = age is not None and age >= OLDER_AGE
    he_key = F.HIGH_ENERGY_TRAUMA if high_energy else None

    # Emergency conditions.
    if ces:
        flag(
            TriageFlag.CAUDA_EQUINA,
            TriageLevel.EMERGENCY,
            [*ces, *present(found, {F.BILATERAL_LEG_SYMPTOMS})],
            "Suspected cauda equina syndrome",
            "Send to the emergency department now, for MRI within hours; do not start exercise",
        )
    if F.TEARING_PAIN in found:
        flag(
            TriageFlag.AORTIC,
            TriageLevel.EMERGENCY,
            [F.TEARING_PAIN],
            "Suspected aortic aneurysm or dissection",
            "Call the emergency services now; do not treat",
        )
    if F.CARDIAC_SYMPTOMS in found:
        flag(
            TriageFlag.CARDIAC,
            TriageLevel.EMERGENCY,
            [F.CARDIAC_SYMPTOMS],
            "Possible cardiac cause of the pain",
            "Send to the emergency department now to rule out a cardiac cause; do not treat",
        )

    # Trauma (§8.1).
    if trauma_rules and high_energy and not fracture_excluded:
        if recent:
            flag(
                TriageFlag.MAJOR_TRAUMA,
                TriageLevel.EMERGENCY,
                [F.HIGH_ENERGY_TRAUMA, mechanism_key, *neuro, *fracture_signs],
                "Major trauma: possible unstable spinal fracture",
                EMERGENCY_IMAGING,
            )
        else:
            flag(
                TriageFlag.EARLIER_MAJOR_TRAUMA,
                TriageLevel.PROMPT,
                [F.HIGH_ENERGY_TRAUMA, mechanism_key, *fracture_signs],
                "Earlier major trauma: a fracture may have been missed",
                "Physician referral within days for imaging before loading the spine",
            )
    if trauma_rules and (mechanism in TRAUMA_NEURO_MECHANISMS or high_energy) and neuro:
        if recent:
            flag(
                TriageFlag.TRAUMA_NEURO,
                TriageLevel.EMERGENCY,
                [mechanism_key, he_key, *neuro],
                "Injury with neurological signs: possible spinal fracture or cord injury",
                EMERGENCY_IMAGING,
            )
        else:
            flag(
                TriageFlag.TRAUMA_NEURO,
                TriageLevel.URGENT,
                [mechanism_key, he_key, *neuro],
                "Earlier injury with neurological signs",
                "Same-day physician review for imaging before exercise",
            )
    no_he_fracture_signs = (
        trauma_rules and fracture_signs and recent and not high_energy and not fracture_excluded
    )
    if no_he_fracture_signs and mechanism == Mechanism.VEHICLE_COLLISION:
        # An unrecorded motorway crash must not be down-triaged: energy unknown counts as high here.
        flag(
            TriageFlag.COLLISION_FRACTURE_SIGNS,
            TriageLevel.EMERGENCY,
            [mechanism_key, *fracture_signs],
            "Vehicle collision with signs of a spinal fracture",
            EMERGENCY_IMAGING,
        )
    if no_he_fracture_signs and mechanism == Mechanism.FALL and not neuro:
        flag(
            TriageFlag.FALL_FRACTURE_SIGNS,
            TriageLevel.URGENT,
            [mechanism_key, *fracture_signs, AGE if older else None],
            "Fall with signs of a spinal fracture",
            SAME_DAY_IMAGING,
        )
    if mechanism == Mechanism.SPORTS_INJURY and neuro:
        flag(
            TriageFlag.SPORTS_NEURO,
            TriageLevel.URGENT,
            [mechanism_key, *neuro],
            "Sports injury with neurological signs",
            "Same-day physician review to exclude a fracture or nerve injury before exercise",
        )

    # Cord and nerve compromise.
    if (myelopathy := present(found, MYELOPATHY)) and F.PROGRESSIVE_WEAKNESS in found:
        flag(
            TriageFlag.MYELOPATHY_PROGRESSING,
            TriageLevel.EMERGENCY,
            [*myelopathy, F.PROGRESSIVE_WEAKNESS],
            "Progressing spinal cord compression (myelopathy)",
            "Send to the emergency department now for MRI; do not start exercise",
        )
    elif myelopathy:
        flag(
            TriageFlag.MYELOPATHY,
            TriageLevel.URGENT,
            myelopathy,
            "Signs of spinal cord compression (myelopathy)",
            "Same-day spinal team review and MRI; no manipulation or end-range loading",
        )
    deficit: list[str] = []
    if F.PROGRESSIVE_WEAKNESS in found:
        deficit.append(F.PROGRESSIVE_WEAKNESS)
    if F.SYMPTOMS_PROGRESSING in found and (progressing := present(found, TRACKED_DEFICITS)):
        deficit += [F.SYMPTOMS_PROGRESSING, *progressing]
    for code in case.new_deficits:
        deficit += [code, evidence.EvidenceKey(evidence.NEW_DEFICIT, code).code]
    if deficit:
        flag(
            TriageFlag.PROGRESSIVE_DEFICIT,
            TriageLevel.URGENT,
            deficit,
            "New or progressive neurological deficit",
            "Same-day physician or spinal team review for MRI",
        )
    if F.BILATERAL_LEG_SYMPTOMS in found:
        getting_worse = bool(found & {F.SYMPTOMS_PROGRESSING, F.PROGRESSIVE_WEAKNESS})
        if case.at_visit:
            stable = case.bilateral_known and not getting_worse
        else:
            long_standing = case.duration_days is not None and case.duration_days > LONG_STANDING_DAYS
            stable = long_standing and not getting_worse
        claudication = {F.WALKING_INTOLERANCE, F.RELIEF_WITH_SITTING_OR_FLEXION} <= found
        if not stable:
            flag(
                TriageFlag.BILATERAL_LEG,
                TriageLevel.URGENT,
                [F.BILATERAL_LEG_SYMPTOMS, *present(found, {F.SYMPTOMS_PROGRESSING})],
                "Symptoms in both legs: cauda equina at risk",
                "Same-day physician or spinal team assessment; tell the patient to go to the emergency "
                "department at once if saddle numbness or bladder or bowel changes appear",
            )
        elif not ces and not claudication:
            flag(
                TriageFlag.BILATERAL_STABLE,
                TriageLevel.PROMPT,
                [F.BILATERAL_LEG_SYMPTOMS],
                "Long-standing stable symptoms in both legs",
                "Physician referral within days to confirm the cause; give written advice to go to the "
                "emergency department at once if saddle numbness or bladder or bowel changes appear",
            )

    # Cancer and infection.
    if F.HISTORY_OF_CANCER in found and neuro:
        flag(
            TriageFlag.MSCC,
            TriageLevel.URGENT,
            [F.HISTORY_OF_CANCER, *neuro],
            "Suspected metastatic spinal cord compression",
            "Same-day oncology or spinal team contact for whole-spine MRI",
        )
    risk = present(found, INFECTION_RISK)
    # With steroids alone, a tender bone points to a fragility fracture rather than infection.
    signs = (
        INFECTION_SIGNS
        if found & {F.IMMUNOSUPPRESSION, F.IV_DRUG_USE}
        else INFECTION_SIGNS - {F.BONY_POINT_TENDERNESS}
    )
    worrying = present(found, signs)
    if F.FEVER in found or (risk and worrying):
        # Fever is absent in about half of spinal abscesses: risk plus a worrying pain pattern is enough.
        flag(
            TriageFlag.INFECTION,
            TriageLevel.URGENT,
            [F.FEVER, *risk] if F.FEVER in found else [*risk, *worrying],
            "Suspected spinal infection",
            "Same-day physician review (emergency department if the physician cannot be reached)",
        )
    elif risk:
        flag(
            TriageFlag.INFECTION_RISK,
            TriageLevel.PROMPT,
            risk,
            "Raised risk of spinal infection",
            "Physician review within days; urgent if fever or feeling unwell appears",
        )
    if malignancy := present(found, MALIGNANCY_SIGNS):
        age_flag = age is not None and (age > MALIGNANCY_AGE_OVER or age < MALIGNANCY_AGE_UNDER)
        flag(
            TriageFlag.MALIGNANCY,
            TriageLevel.PROMPT,
            [*malignancy, AGE if age_flag else None],
            "Possible spinal malignancy",
            "Physician referral within days for blood tests and imaging (urgent MRI when cancer is known)",
        )

    # Fragility fracture (§8.5): thin bones break with little or no injury; so do older spines.
    fragility = present(found, BONE_FRAGILITY)
    new_pain = case.duration_days is not None and case.duration_days < NEW_PAIN_DAYS
    injury_branch = bool(fragility) and trauma_rules and mechanism in FRAGILITY_MECHANISMS
    bone_branch = bool(fragility) and (injury_branch or bool(fracture_signs) or new_pain)
    fragility_age = FRAGILITY_AGE if case.sex == Sex.MALE else OLDER_AGE
    older_branch = (
        trauma_rules
        and not injury
        and not high_energy
        and case.onset == Onset.SUDDEN
        and new_pain
        and age is not None
        and age >= fragility_age
    )
    if (bone_branch or older_branch) and not fracture_excluded:
        reasons = [
            *fragility,
            mechanism_key if injury_branch else None,
            *fracture_signs,
            *([AGE, SUDDEN_ONSET] if older_branch else []),
        ]
        if neuro:
            flag(
                TriageFlag.FRAGILITY_FRACTURE,
                TriageLevel.URGENT,
                [*reasons, *neuro],
                "Suspected fragility fracture with neurological signs",
                "Same-day physician or spinal team review for imaging; no loading until cleared",
            )
        else:
            flag(
                TriageFlag.FRAGILITY_FRACTURE,
                TriageLevel.PROMPT,
                reasons,
                "Suspected osteoporotic compression fracture",
                "Physician referral within days for an X-ray; no loaded spinal flexion meanwhile",
            )
    trauma_flagged = any(f.code in TRAUMA_OR_FRAGILITY_FLAGS for f in flags)
    if (
        trauma_rules
        and injury
        and not high_energy
        and (older or fracture_signs)
        and not trauma_flagged
        and not fracture_excluded
    ):
        flag(
            TriageFlag.MINOR_TRAUMA,
            TriageLevel.PROMPT,
            [mechanism_key, AGE if older else None, *fracture_signs],
            "Possible fracture after a minor injury",
            "Physician referral within days for an X-ray before loading the spine",
        )
        trauma_flagged = True
    if F.DEFORMITY in found and not trauma_flagged and not fracture_excluded:
        flag(
            TriageFlag.DEFORMITY,
            TriageLevel.PROMPT,
            [F.DEFORMITY],
            "Spinal deformity",
            "Physician referral within days to look for a fracture",
        )

    # Inflammatory back pain (axial spondyloarthritis): the v1 stiffness rule, or the Berlin pattern.
    features = present(found, INFLAMMATORY_FEATURES)
    pattern = (
        trauma_rules
        and age is not None
        and case.duration_days is not None
        and age - case.duration_days // 365 < INFLAMMATORY_ONSET_AGE_UNDER
        and case.duration_days > INFLAMMATORY_MIN_DAYS
        and len(features) >= INFLAMMATORY_MIN_FEATURES
    )
    if pattern or F.SEVERE_MORNING_STIFFNESS in found:
        flag(
            TriageFlag.AXIAL_SPA,
            TriageLevel.PROMPT,
            features if pattern else [F.SEVERE_MORNING_STIFFNESS],
            "Possible inflammatory back pain (axial spondyloarthritis)",
            "Physician referral within days for a rheumatology opinion",
        )

    # Adolescent pars stress injury.
    sport = F.REPETITIVE_EXTENSION_SPORT in found or mechanism == Mechanism.SPORTS_INJURY
    if (
        trauma_rules
        and age is not None
        and age < ADOLESCENT_AGE_UNDER
        and F.WORSE_WITH_EXTENSION_OR_STANDING in found
        and sport
    ):
        flag(
            TriageFlag.SPONDYLOLYSIS,
            TriageLevel.PROMPT,
            [
                F.WORSE_WITH_EXTENSION_OR_STANDING,
                *present(found, {F.REPETITIVE_EXTENSION_SPORT}),
                AGE,
                mechanism_key if mechanism == Mechanism.SPORTS_INJURY else None,
            ],
            "Possible pars stress injury (spondylolysis) in a young athlete",
            "Sports-medicine review within days; stop the provoking sport meanwhile and no extension "
            "exercise until cleared",
        )
    return flags
