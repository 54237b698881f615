"""Triage of an assessment, and of a follow-up visit against the episode's baseline (§8.3)."""

from __future__ import annotations

from collections.abc import Iterable

from plans.clinical import evidence
from plans.clinical.triage.findings import HISTORY_FINDINGS, TRACKED_DEFICITS, Case, present
from plans.clinical.triage.result import RedFlag, Triage
from plans.clinical.triage.rules import red_flags
from plans.clinical.vocabulary import TRIAGE_SEVERITY, Finding, TriageLevel


def _triage(flags: list[RedFlag]) -> Triage:
    # A stable sort: within a tier the flags keep the table's order.
    flags = sorted(flags, key=lambda f: -TRIAGE_SEVERITY[f.level])
    if not flags:
        return Triage(level=TriageLevel.NONE, reasons=(), flags=())
    level = flags[0].level
    # The reasons are what raised the level; lower-tier flags stay listed with their own reasons.
    reasons = tuple(dict.fromkeys(r for f in flags if f.level == level for r in f.reasons))
    return Triage(level=level, reasons=reasons, flags=tuple(flags))


def assess_red_flags(
    *,
    findings: Iterable[str],
    age: int | None = None,
    mechanism: str | None = None,
    region: str | None = None,
    duration_days: int | None = None,
    sex: str | None = None,
    onset: str | None = None,
) -> Triage:
    """Triage an assessment. ``region`` is accepted for callers' convenience; no rule needs it."""
    case = Case(
        findings=frozenset(str(f) for f in findings),
        age=age,
        sex=None if sex is None else str(sex),
        mechanism=None if mechanism is None else str(mechanism),
        onset=None if onset is None else str(onset),
        duration_days=duration_days,
    )
    return _triage(red_flags(case))


def screen_visit(
    visit_findings: Iterable[str],
    *,
    baseline_findings: Iterable[str] | None = None,
    age: int | None = None,
    sex: str | None = None,
) -> Triage:
    """Triage a follow-up visit (api-contract.md, progress ``red_flag``; clinical-reference.md §8.3).

    Without ``baseline_findings`` (a v1 request) the visit's findings are screened alone. With them
    (even empty), the baseline's history is added to the visit, a weakness, reflex loss or numbness
    absent at baseline is a new deficit, bilateral leg symptoms known at baseline need progression to
    flag, and a flag is kept only when one of its reasons is new at this visit.
    """
    visit = frozenset(str(f) for f in visit_findings)
    if baseline_findings is None:
        return _triage(red_flags(Case(findings=visit, at_visit=True)))
    baseline = frozenset(str(f) for f in baseline_findings)
    new_at_visit = visit - baseline
    case = Case(
        findings=visit | (baseline & HISTORY_FINDINGS),
        age=age,
        sex=None if sex is None else str(sex),
        at_visit=True,
        bilateral_known=Finding.BILATERAL_LEG_SYMPTOMS in baseline,
        new_deficits=present(new_at_visit, TRACKED_DEFICITS),
    )
    new_reasons = new_at_visit | {
        evidence.EvidenceKey(evidence.NEW_DEFICIT, code).code for code in case.new_deficits
    }
    flags = [f for f in red_flags(case) if any(r in new_reasons for r in f.reasons)]
    return _triage(flags)
