"""The SOAP drafts written from a visit's or an assessment's plain facts."""

from datetime import date
from decimal import Decimal

from plans.clinical.notes import (
    EvaluationFacts,
    MeasureChange,
    PlanLine,
    PromptLine,
    VisitFacts,
    draft_daily_note,
    draft_evaluation_note,
    measure_line,
    plan_line,
)

VISIT = VisitFacts(
    visit_date=date(2026, 3, 9),
    nprs=3,
    patient_rating="Better",
    adherence_percent=80,
    home_sessions="80% of 10 prescribed sessions done",
    findings=(),
    exercises=("Pelvic tilt: 2 x 10", "Bird dog: 3 x 8, hold 5 s"),
    measures=(
        MeasureChange("Pain (NPRS)", 7, 3, -4, "improved", 2),
        MeasureChange("Disability (ODI %)", Decimal("44.0"), Decimal("40.0"), -4.0, "unchanged", 10),
    ),
    status="Improved",
    prompts=(PromptLine("Plateau", "No change for 21 days.", "Dismissed", "Patient was away."),),
    plan=PlanLine(2, date(2026, 3, 1), ("Exercises added: Bird dog",)),
    therapist_note="Tolerated progression well.",
    next_visit=date(2026, 3, 16),
)


def test_measure_line_says_the_change_and_its_mcid_verdict():
    assert measure_line(VISIT.measures[0]) == "Pain (NPRS): 7 -> 3 (-4); improved, beyond the MCID of 2"
    assert (
        measure_line(VISIT.measures[1])
        == "Disability (ODI %): 44 -> 40 (-4.0); unchanged, within the MCID of 10"
    )
    assert measure_line(MeasureChange("RMDQ", 10, None, None, "")) == (
        "RMDQ: 10 -> not recorded (no change computed); not judged"
    )


def test_plan_line_names_the_version_and_its_changes():
    assert plan_line(None) == "No plan approved yet."
    assert plan_line(PlanLine(1, date(2026, 2, 1))) == "Plan version 1, approved 01 Feb 2026."
    assert plan_line(VISIT.plan) == (
        "Plan version 2, approved 01 Mar 2026. Changes from the previous version: Exercises added: Bird dog."
    )


def test_daily_note_puts_each_fact_in_its_section():
    soap = draft_daily_note(VISIT)
    assert soap.subjective.splitlines() == [
        "Pain now (NPRS): 3/10.",
        "Patient's own rating: Better.",
        "Home-exercise adherence: 80% (home log: 80% of 10 prescribed sessions done).",
        "No new findings reported.",
    ]
    assert soap.objective.splitlines() == [
        "Exercises done in clinic: Pelvic tilt: 2 x 10, Bird dog: 3 x 8, hold 5 s.",
        "Tolerated progression well.",
    ]
    assert soap.assessment.splitlines() == [
        "Judgement against the baseline: Improved.",
        "Pain (NPRS): 7 -> 3 (-4); improved, beyond the MCID of 2",
        "Disability (ODI %): 44 -> 40 (-4.0); unchanged, within the MCID of 10",
        "Plateau prompt (dismissed): No change for 21 days. Reason: Patient was away.",
    ]
    assert soap.plan.endswith("\nNext visit: 16 Mar 2026.")


def test_daily_note_without_measures_says_so():
    bare = VisitFacts(
        visit_date=date(2026, 3, 9), nprs=None, patient_rating="", adherence_percent=None,
        home_sessions="", findings=("Saddle anaesthesia",), exercises=(), measures=(), status="",
        prompts=(), plan=None,
    )  # fmt: skip
    soap = draft_daily_note(bare)
    assert soap.subjective.splitlines() == [
        "Pain now (NPRS): not recorded/10.",
        "Home-exercise adherence: not recorded.",
        "New findings reported: Saddle anaesthesia.",
    ]
    assert soap.objective == "No exercise recorded in clinic."
    assert soap.assessment == "No measure to compare."
    assert soap.plan == "No plan approved yet."


def test_evaluation_note_has_history_scores_triage_and_referral():
    facts = EvaluationFacts(
        kind="Initial evaluation",
        assessed_on=date(2026, 2, 1),
        history=("Region: Lumbar", "Onset: Sudden, 10 days ago"),
        nprs_now=6,
        nprs_best=3,
        nprs_worst=8,
        scores=("ODI 40.0% (severe)", "STarT Back: Medium risk"),
        findings=("Muscle spasm",),
        stage="Acute",
        triage="Urgent",
        referral="Referred to GP (urgent).",
        causes=("Non-specific mechanical low back pain",),
        goals=("Pain (NPRS) at most 2 by 01 Mar 2026",),
    )
    soap = draft_evaluation_note(facts)
    assert soap.subjective.splitlines() == [
        "Region: Lumbar.",
        "Onset: Sudden, 10 days ago.",
        "Pain (NPRS): now 6/10, best 3, worst 8.",
        "ODI 40.0% (severe).",
        "STarT Back: Medium risk.",
    ]
    assert soap.objective == "Findings: Muscle spasm."
    assert soap.assessment.splitlines() == [
        "Initial evaluation on 01 Feb 2026; stage: Acute.",
        "Red-flag triage: Urgent.",
        "Referred to GP (urgent).",
        "Likely causes, in order: Non-specific mechanical low back pain.",
    ]
    assert soap.plan == "No plan approved yet.\nGoals: Pain (NPRS) at most 2 by 01 Mar 2026."
