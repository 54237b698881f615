from plans.clinical.progress.measures import Goal, Measures, ProgressThresholds, judge_visit, measure_change
from plans.clinical.progress.messages import red_flag_text
from plans.clinical.progress.series import ProgressReport, evaluate_progress

__all__ = [
    "Goal",
    "Measures",
    "ProgressReport",
    "ProgressThresholds",
    "evaluate_progress",
    "judge_visit",
    "measure_change",
    "red_flag_text",
]
