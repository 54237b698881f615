"""Cause gates (api-contract.md "Cause rules (v2)", reference §8.10): a cause whose prerequisite is
missing is never listed, whatever its evidence weighs.

- ``obesity_load``: a recorded BMI of 30 or more (the WHO obesity threshold), and not pregnant;
- ``age_related_degeneration``: age 50 or more (below it the label adds nothing and risks a nocebo);
- ``spondylolysis``: under 30 with pain worse in extension or standing;
- ``sacroiliac_pelvic_girdle``: pelvic girdle pain or a positive sacroiliac provocation cluster;
- ``inflammatory_back_pain``: under 45 when the pain began, and pain for more than 90 days;
- ``vertebral_fracture``: not once a fracture has been excluded;
- ``nonspecific_mechanical`` is never ranked on evidence: it only fills in (``causes.with_fallback``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from plans.clinical.engine.inputs import AssessmentInput, onset_age
from plans.clinical.triage.findings import INFLAMMATORY_MIN_DAYS, INFLAMMATORY_ONSET_AGE_UNDER
from plans.clinical.vocabulary import CauseCode, Finding

OBESITY_BMI = Decimal(30)
DEGENERATION_MIN_AGE = 50
SPONDYLOLYSIS_AGE_UNDER = 30


def _obesity(a: AssessmentInput) -> bool:
    return a.bmi is not None and a.bmi >= OBESITY_BMI and Finding.PREGNANT not in a.findings


def _degeneration(a: AssessmentInput) -> bool:
    return a.age >= DEGENERATION_MIN_AGE


def _spondylolysis(a: AssessmentInput) -> bool:
    return a.age < SPONDYLOLYSIS_AGE_UNDER and Finding.WORSE_WITH_EXTENSION_OR_STANDING in a.findings


def _pelvic_girdle(a: AssessmentInput) -> bool:
    return bool(a.findings & {Finding.PELVIC_GIRDLE_PAIN, Finding.SIJ_PROVOCATION_POSITIVE})


def _inflammatory(a: AssessmentInput) -> bool:
    return onset_age(a) < INFLAMMATORY_ONSET_AGE_UNDER and a.duration_days > INFLAMMATORY_MIN_DAYS


def _fracture(a: AssessmentInput) -> bool:
    return Finding.FRACTURE_EXCLUDED not in a.findings


GATES: dict[str, Callable[[AssessmentInput], bool]] = {
    CauseCode.OBESITY_LOAD: _obesity,
    CauseCode.AGE_RELATED_DEGENERATION: _degeneration,
    CauseCode.SPONDYLOLYSIS: _spondylolysis,
    CauseCode.SACROILIAC_PELVIC_GIRDLE: _pelvic_girdle,
    CauseCode.INFLAMMATORY_BACK_PAIN: _inflammatory,
    CauseCode.VERTEBRAL_FRACTURE: _fracture,
    CauseCode.NONSPECIFIC_MECHANICAL: lambda _: False,
}


def may_be_listed(code: str, assessment: AssessmentInput) -> bool:
    """Whether the cause's prerequisites are met (a cause without a gate always may be)."""
    gate = GATES.get(code)
    return gate is None or gate(assessment)
