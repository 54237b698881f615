"""Serious pathology suspected from a triage (api-contract.md "Cause rules (v2)", reference §8.10).

When cancer, infection, an aneurysm or a cardiac cause is suspected, a ranked list of mechanical
causes would mislead, so the engine withholds it.
"""

from __future__ import annotations

from plans.clinical.triage import Triage
from plans.clinical.triage.findings import MALIGNANCY_SIGNS
from plans.clinical.vocabulary import SeriousPathology, TriageFlag

# At least this many of cancer history, unexplained weight loss and night pain; one alone keeps the
# mechanical ranking (with its prompt referral).
MALIGNANCY_MIN_SIGNS = 2

FLAG_PATHOLOGY = (
    (TriageFlag.AORTIC, SeriousPathology.VASCULAR),
    (TriageFlag.CARDIAC, SeriousPathology.CARDIAC),
    (TriageFlag.INFECTION, SeriousPathology.INFECTION),
)


def serious_pathology_suspected(triage: Triage, findings: frozenset[str]) -> tuple[str, ...]:
    """The serious pathologies suspected, in the contract's order: malignancy, infection, vascular,
    cardiac (the order of ``SeriousPathology``)."""
    fired = {flag.code for flag in triage.flags}
    suspected = {str(pathology) for code, pathology in FLAG_PATHOLOGY if code in fired}
    if TriageFlag.MSCC in fired or len(findings & MALIGNANCY_SIGNS) >= MALIGNANCY_MIN_SIGNS:
        suspected.add(SeriousPathology.MALIGNANCY)
    return tuple(code for code in SeriousPathology.values if code in suspected)
