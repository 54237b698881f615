from plans.clinical.triage.result import RedFlag, Triage
from plans.clinical.triage.screening import assess_red_flags, screen_visit

__all__ = ["RedFlag", "Triage", "assess_red_flags", "screen_visit"]
