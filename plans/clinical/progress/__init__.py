from plans.clinical.progress.measures import (
    Goal,
    Measures,
    ProgressReport,
    ProgressThresholds,
    evaluate_progress,
    judge_visit,
    measure_change,
    red_flag_text,
)

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
