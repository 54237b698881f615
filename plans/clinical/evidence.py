"""Evidence keys: the facts derived from an assessment that cause rules weigh and triage names.

A key is a finding code, or a derived fact such as ``mechanism:lifting`` or ``age:65_plus``
(catalog.py lists them). ``EvidenceKey.code`` is the contract's string; ``evidence_label`` gives
plain words for any key a suggestion or a flag can hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from plans.clinical.vocabulary import Finding, Mechanism, Onset, PainDistribution, Region, Stage


@dataclass(frozen=True)
class EvidenceKey:
    name: str
    value: str | None = None

    @property
    def code(self) -> str:
        return self.name if self.value is None else f"{self.name}:{self.value}"


AGE = EvidenceKey("age")
AGE_UNDER_20 = EvidenceKey("age", "under_20")
AGE_UNDER_30 = EvidenceKey("age", "under_30")
AGE_30_PLUS = EvidenceKey("age", "30_plus")
AGE_UNDER_40 = EvidenceKey("age", "under_40")
AGE_50_PLUS = EvidenceKey("age", "50_plus")
AGE_65_PLUS = EvidenceKey("age", "65_plus")
BMI_30_PLUS = EvidenceKey("bmi", "30_plus")
# Age when the pain began (age - whole years of duration) under 45, and pain for more than 90 days:
# the ASAS entry conditions for inflammatory back pain (reference §8.10).
ONSET_AGE_UNDER_45 = EvidenceKey("onset_age", "under_45")
DURATION_OVER_90_DAYS = EvidenceKey("duration", "over_90_days")
RECURRENT = EvidenceKey("recurrent")
STARTBACK_HIGH = EvidenceKey("startback", "high")


MECHANISM = "mechanism"
ONSET = "onset"
REGION = "region"
DISTRIBUTION = "distribution"
STAGE = "stage"
# A deficit found at a visit and absent at the baseline (a triage reason, not a cause's evidence).
NEW_DEFICIT = "new_deficit"

DERIVED_LABELS = {
    AGE: "Age",
    AGE_UNDER_20: "Under 20",
    AGE_UNDER_30: "Under 30",
    AGE_30_PLUS: "Aged 30 or over",
    AGE_UNDER_40: "Under 40",
    AGE_50_PLUS: "Aged 50 or over",
    AGE_65_PLUS: "Aged 65 or over",
    BMI_30_PLUS: "BMI 30 or more",
    ONSET_AGE_UNDER_45: "Under 45 when the pain began",
    DURATION_OVER_90_DAYS: "Pain for more than 90 days",
    RECURRENT: "Recurrent episode",
    STARTBACK_HIGH: "STarT Back high risk",
}
CHOICE_KEYS = (
    (MECHANISM, "Mechanism", Mechanism),
    (ONSET, "Onset", Onset),
    (REGION, "Region", Region),
    (DISTRIBUTION, "Pain reaches", PainDistribution),
    (STAGE, "Stage", Stage),
)
EVIDENCE_LABELS: dict[str, str] = {
    **{str(finding): finding.label for finding in Finding},
    **{key.code: label for key, label in DERIVED_LABELS.items()},
    **{
        EvidenceKey(name, choice).code: f"{label}: {choice.label.lower()}"
        for name, label, choices in CHOICE_KEYS
        for choice in choices
    },
}


def evidence_label(code: str) -> str:
    """Plain words for an evidence key or a triage reason; an unknown key is shown as it is."""
    return EVIDENCE_LABELS.get(code, code)
