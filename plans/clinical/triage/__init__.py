from plans.clinical.triage.result import HOLDING_LEVELS, RedFlag, Triage
from plans.clinical.triage.screening import assess_red_flags, screen_visit

__all__ = ["HOLDING_LEVELS", "RedFlag", "Triage", "assess_red_flags", "screen_visit"]
