from plans.clinical.triage.rules import RedFlag, Triage, assess_red_flags, screen_visit

__all__ = ["RedFlag", "Triage", "assess_red_flags", "screen_visit"]
