from django import forms

from clinic.text import text_field

DROP_REASON = 300  # PlanGoal.dropped_reason


class GoalDropForm(forms.Form):
    reason = text_field(
        DROP_REASON,
        rows=2,
        label="Why drop this goal?",
        error_messages={"required": "Say why the goal is dropped."},
    )
