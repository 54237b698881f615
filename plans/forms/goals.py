from django import forms

from clinic.text import text_field
from plans.clinical.goal_status import JUDGED_BY_THERAPIST

DROP_REASON = 300  # PlanGoal.dropped_reason


class GoalDropForm(forms.Form):
    reason = text_field(
        DROP_REASON,
        rows=2,
        label="Why drop this goal?",
        error_messages={"required": "Say why the goal is dropped."},
    )


class GoalJudgeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(status.value, status.label) for status in JUDGED_BY_THERAPIST],
        widget=forms.RadioSelect,
        label="How far has the patient got with this goal?",
        error_messages={"required": "Choose met, partly met or not met."},
    )
