"""What the engine reads from one assessment, and the evidence keys derived from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from plans.clinical import evidence
from plans.clinical.evidence import EvidenceKey
from plans.clinical.triage.findings import INFLAMMATORY_MIN_DAYS, INFLAMMATORY_ONSET_AGE_UNDER
from plans.clinical.vocabulary import StartBackRisk

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class AssessmentInput:
    age: int
    region: str
    onset: str
    duration_days: int
    sex: str | None = None
    recurrent: bool = False
    mechanism: str | None = None
    pain_distribution: str | None = None
    nprs: int | None = None
    bmi: Decimal | None = None
    odi: tuple[int | None, ...] | None = None
    startback_items: tuple[int, ...] | None = None
    startback_bothersomeness: str | None = None
    findings: frozenset[str] = frozenset()
    pregnancy_weeks: int | None = None  # completed weeks, only with the finding "pregnant"
    walking_tolerance_minutes: int | None = None  # walked before leg symptoms force a stop
    psfs_items: tuple[int, ...] | None = None  # 3-5 ratings 0-10
    psfs_activities: tuple[str, ...] | None = None  # the patient's words, same length
    rmdq_items: tuple[int, ...] | None = None  # 24 values of 0/1
    fabq_items: tuple[int | None, ...] | None = None  # 16 values 0-6 or None


def assessment_from_contract(data: Mapping[str, object]) -> AssessmentInput:
    """Build an ``AssessmentInput`` from an already-validated ``/api/v1/suggest`` request body."""
    startback = data.get("startback") or None
    if startback is not None and not isinstance(startback, Mapping):
        raise TypeError("startback must be an object")
    bmi = data.get("bmi")
    odi = data.get("odi")
    psfs, rmdq, fabq = (_optional_mapping(data.get(key), key) for key in ("psfs", "rmdq", "fabq"))
    return AssessmentInput(
        age=_int(data["age"]),
        region=str(data["region"]),
        onset=str(data["onset"]),
        duration_days=_int(data["duration_days"]),
        sex=_optional_str(data.get("sex")),
        recurrent=bool(data.get("recurrent", False)),
        mechanism=_optional_str(data.get("mechanism")),
        pain_distribution=_optional_str(data.get("pain_distribution")),
        nprs=None if data.get("nprs") is None else _int(data.get("nprs")),
        bmi=None if bmi is None else Decimal(str(bmi)),
        odi=None if odi is None else tuple(None if v is None else _int(v) for v in _items(odi)),
        startback_items=None if startback is None else tuple(_int(v) for v in _items(startback["items"])),
        startback_bothersomeness=None
        if startback is None
        else _optional_str(startback.get("bothersomeness")),
        findings=frozenset(str(f) for f in _items(data.get("findings") or ())),
        pregnancy_weeks=_optional_int(data.get("pregnancy_weeks")),
        walking_tolerance_minutes=_optional_int(data.get("walking_tolerance_minutes")),
        psfs_items=None if psfs is None else tuple(_int(v) for v in _items(psfs["items"])),
        psfs_activities=None
        if psfs is None or psfs.get("activities") is None
        else tuple(str(a) for a in _items(psfs["activities"])),
        rmdq_items=None if rmdq is None else tuple(_int(v) for v in _items(rmdq["items"])),
        fabq_items=None
        if fabq is None
        else tuple(None if v is None else _int(v) for v in _items(fabq["items"])),
    )


def _int(value: object) -> int:
    if isinstance(value, (int, str)):
        return int(value)
    raise TypeError(f"Expected a whole number, got {value!r}.")


def _optional_int(value: object) -> int | None:
    return None if value is None else _int(value)


def _optional_mapping(value: object, name: str) -> Mapping[str, object] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be an object")
    return value


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _items(value: object) -> tuple[object, ...]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    raise TypeError(f"Expected a list, got {value!r}.")


def onset_age(assessment: AssessmentInput) -> int:
    """Age when the pain began: age minus the whole years of its duration (contract, triage rules)."""
    return assessment.age - assessment.duration_days // DAYS_PER_YEAR


def evidence_keys(assessment: AssessmentInput, stage: str, startback_risk: str | None) -> frozenset[str]:
    """Finding codes plus the derived keys that cause rules may weigh."""
    keys = [
        EvidenceKey(evidence.REGION, assessment.region),
        EvidenceKey(evidence.ONSET, assessment.onset),
        EvidenceKey(evidence.STAGE, stage),
    ]
    if assessment.mechanism:
        keys.append(EvidenceKey(evidence.MECHANISM, assessment.mechanism))
    if assessment.pain_distribution:
        keys.append(EvidenceKey(evidence.DISTRIBUTION, assessment.pain_distribution))
    if assessment.age < 20:
        keys.append(evidence.AGE_UNDER_20)
    keys.append(evidence.AGE_UNDER_30 if assessment.age < 30 else evidence.AGE_30_PLUS)
    if assessment.age < 40:
        keys.append(evidence.AGE_UNDER_40)
    if assessment.age >= 50:
        keys.append(evidence.AGE_50_PLUS)
    if assessment.age >= 65:
        keys.append(evidence.AGE_65_PLUS)
    if assessment.bmi is not None and assessment.bmi >= 30:
        keys.append(evidence.BMI_30_PLUS)
    if onset_age(assessment) < INFLAMMATORY_ONSET_AGE_UNDER:
        keys.append(evidence.ONSET_AGE_UNDER_45)
    if assessment.duration_days > INFLAMMATORY_MIN_DAYS:
        keys.append(evidence.DURATION_OVER_90_DAYS)
    if assessment.recurrent:
        keys.append(evidence.RECURRENT)
    if startback_risk == StartBackRisk.HIGH:
        keys.append(evidence.STARTBACK_HIGH)
    return frozenset(assessment.findings) | {key.code for key in keys}
