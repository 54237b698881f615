"""What releases a held plan: the referral made for a red flag, or a therapist's override."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from clinic.forms import DateTimeInput
from clinic.text import REASON, text_field
from plans.clinical.vocabulary import TriageLevel
from plans.models import OVERRIDE_REASON_MIN, URGENCY_FOR_LEVEL, ReferralUrgency


def _now_for_input():
    return timezone.localtime().replace(second=0, microsecond=0)


class ReferralForm(forms.Form):
    """A referral made for a red flag: to whom, when, how urgently; the urgency the level calls for is
    pre-selected (``level``)."""

    referred_to = forms.CharField(
        max_length=200,
        label="Referred to",
        help_text='Who or where, e.g. "Emergency department, St Mary\'s" or "GP Dr Shah".',
    )
    referred_at = forms.DateTimeField(
        label="Referral made at",
        initial=_now_for_input,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help_text="Date and time; now unless it was made earlier.",
    )
    urgency = forms.ChoiceField(label="How urgently", choices=ReferralUrgency.choices)
    note = text_field(REASON, rows=2, required=False, label="Note (how it was made, what was said)")

    def __init__(self, *args, level: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if level in URGENCY_FOR_LEVEL:
            self.fields["urgency"].initial = URGENCY_FOR_LEVEL[TriageLevel(level)]
        for name, bound_field in self.fields.items():
            bound_field.widget.attrs["class"] = "form-select" if name == "urgency" else "form-control"

    def clean_referred_at(self):
        referred_at = self.cleaned_data["referred_at"]
        if referred_at > timezone.now():
            raise forms.ValidationError("The referral cannot be made in the future.")
        return referred_at


class HoldOverrideForm(forms.Form):
    reason = text_field(
        REASON,
        rows=2,
        min_length=OVERRIDE_REASON_MIN,
        label="Why care goes on before the referral",
        help_text=f"Who cleared the patient, or why care goes on; at least {OVERRIDE_REASON_MIN} characters.",
        error_messages={
            "min_length": f"Say in at least {OVERRIDE_REASON_MIN} characters who cleared the patient or "
            "why care goes on (you wrote %(show_value)d).",
            "required": "Say who cleared the patient or why care goes on.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["class"] = "form-control"
