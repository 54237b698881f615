"""The note page's forms: the SOAP text, and a reason for changing a signed note."""

from django import forms

from clinic import text
from plans.clinical.notes import Soap


def _section(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=text.SOAP_SECTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NoteForm(forms.Form):
    subjective = _section("Subjective")
    objective = _section("Objective")
    assessment = _section("Assessment")
    plan = _section("Plan")

    def soap(self) -> Soap:
        data = self.cleaned_data
        return Soap(data["subjective"], data["objective"], data["assessment"], data["plan"])


class AmendmentForm(NoteForm):
    reason = forms.CharField(label="Reason for the amendment", max_length=text.REASON)


class AddendumForm(forms.Form):
    addition = forms.CharField(
        label="Text to add", max_length=text.NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label="Reason for the addendum", max_length=text.REASON)
