"""The discharge note drafted from an episode's plain facts (plans.clinical.discharge_note)."""

from datetime import date
from decimal import Decimal

from plans.clinical.discharge_note import DischargeFacts, GoalLine, draft_discharge_note, goal_line
from plans.clinical.notes import MeasureChange, PlanLine

# A worked case: an initial evaluation at NPRS 7 and ODI 44%, six visits, pain down to 2 (beyond the
# MCID of 2), disability down to 38% (within the MCID of 10), two goals: one met, one dropped.
EPISODE = DischargeFacts(
    onset=date(2026, 1, 5),
    discharged_on=date(2026, 3, 2),
    discharge_reason="Goals met",
    visit_count=6,
    baseline="Initial evaluation of 12 Jan 2026",
    measures=(
        MeasureChange("Pain (NPRS 0-10)", Decimal(7), Decimal(2), Decimal(-5), "improved", Decimal(2)),
        MeasureChange("Disability (ODI %)", Decimal(44), Decimal(38), Decimal(-6), "unchanged", Decimal(10)),
    ),
    goals=(
        GoalLine("Pain (NPRS) at most 3 by 01 Mar 2026", "Met", Decimal(2)),
        GoalLine("Walk the dog for 30 minutes", "Dropped", None, "Dog rehomed."),
    ),
    plan=PlanLine(2, date(2026, 2, 2), ("Exercises added: Bird dog",)),
    exercises=("Pelvic tilt (2 x 10, twice a day)", "Bird dog (3 x 8)"),
    home_adherence="82% of 120 prescribed sessions done",
    advice="Keep walking daily",
    education=("Pain is not damage",),
)


def test_the_worked_case_in_four_sections():
    note = draft_discharge_note(EPISODE)
    assert note.subjective == (
        "Episode of care since 05 Jan 2026; 6 visits.\n"
        "Discharged on 02 Mar 2026 (goals met).\n"
        "Home-exercise adherence over the episode: 82% of 120 prescribed sessions done."
    )
    assert note.objective == (
        "Outcome against the baseline (Initial evaluation of 12 Jan 2026), latest value of each measure:\n"
        "Pain (NPRS 0-10): 7 -> 2 (-5); improved, beyond the MCID of 2\n"
        "Disability (ODI %): 44 -> 38 (-6); unchanged, within the MCID of 10"
    )
    assert note.assessment == (
        "1 of 2 measures improved by at least the minimal clinically important difference.\n"
        "Goal: Pain (NPRS) at most 3 by 01 Mar 2026: met (latest 2).\n"
        "Goal: Walk the dog for 30 minutes: dropped; reason: Dog rehomed.\n"
        "Goals met: 1 of 1."
    )
    assert note.plan == (
        "Last plan: Plan version 2, approved 02 Feb 2026. Changes from the previous version: "
        "Exercises added: Bird dog.\n"
        "Home programme to continue: Pelvic tilt (2 x 10, twice a day); Bird dog (3 x 8).\n"
        "Advice: Keep walking daily.\n"
        "Topics explained: Pain is not damage.\n"
        "Come back if the pain returns or new symptoms appear."
    )


def test_an_episode_with_no_assessment_plan_or_goal_says_so():
    bare = DischargeFacts(
        onset=date(2026, 1, 5),
        discharged_on=None,
        discharge_reason="",
        visit_count=1,
        baseline="",
        measures=(),
        goals=(),
        plan=None,
        exercises=(),
        home_adherence="",
    )
    note = draft_discharge_note(bare)
    assert "1 visit." in note.subjective and "still open" in note.subjective
    assert "adherence over the episode: not recorded." in note.subjective
    assert note.objective == "No assessment recorded, so there is no baseline to compare."
    assert note.assessment == "No goals were set in the plan."
    assert note.plan.startswith("No plan was approved in this episode.")


def test_a_measure_not_taken_since_the_baseline_is_not_judged():
    untaken = MeasureChange("Disability (RMDQ 0-24)", 12, None, None, "", 5)
    facts = DischargeFacts(**{**EPISODE.__dict__, "measures": (untaken,)})
    note = draft_discharge_note(facts)
    assert note.objective.endswith("Disability (RMDQ 0-24): 12 at the baseline; not measured since")
    assert "measures improved" not in note.assessment and "measure improved" not in note.assessment


def test_a_goal_the_therapist_judges_has_no_status_yet():
    assert goal_line(GoalLine("Back to football", "")) == "Back to football: to be judged by the therapist"
