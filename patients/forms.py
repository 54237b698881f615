from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms

from clinic import access, dates
from clinic.edit_conflicts import VersionedModelForm
from clinic.forms import DateInput
from clinic.models import Clinic, full_name_of
from clinic.text import REASON, text_field
from patients.models import Episode, Patient


def _helper(*layout: Any) -> FormHelper:
    """Fields in titled sections, inside the page's own ``<form>``."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


class PatientForm(VersionedModelForm):
    class Meta:
        model = Patient
        fields = [
            "clinic",
            "record_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "primary_therapist",
            "version",
        ]
        widgets = {
            "date_of_birth": DateInput(attrs={"min": dates.EARLIEST_BIRTH.isoformat()}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        clinics = Clinic.objects.visible_to(user)
        clinic = cast(forms.ModelChoiceField, self.fields["clinic"])
        clinic.queryset = clinics
        clinic.empty_label = None
        self.fields["date_of_birth"].widget.attrs["max"] = dates.today().isoformat()
        therapist = cast(forms.ModelChoiceField, self.fields["primary_therapist"])
        therapist.queryset = access.therapists_visible_to(user)
        therapist.label_from_instance = full_name_of  # type: ignore[method-assign, assignment]
        if self.instance.pk is None:
            self.fields["record_number"].required = False
            self.fields["record_number"].help_text = "Leave empty to give the clinic's next number."
            if therapist.queryset.filter(pk=user.pk).exists():
                self.initial.setdefault("primary_therapist", user.pk)
        self.helper = _helper(
            Fieldset(
                "Record",
                Row(Column("clinic"), Column("record_number")),
            ),
            Fieldset(
                "Person",
                Row(Column("given_name"), Column("family_name")),
                Row(Column("date_of_birth"), Column("sex")),
                Row(Column("email"), Column("phone")),
            ),
            Fieldset("Care", "primary_therapist"),
            "version",
            Submit("save", "Save patient"),
        )


class EpisodeForm(VersionedModelForm):
    class Meta:
        model = Episode
        fields = [
            "region",
            "onset_date",
            "onset",
            "mechanism",
            "recurrent",
            "status",
            "discharge_date",
            "discharge_reason",
            "version",
        ]
        widgets = {"onset_date": DateInput(), "discharge_date": DateInput()}

    DISCHARGE_FIELDS = ("status", "discharge_date", "discharge_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = dates.today().isoformat()
        self.fields["onset_date"].widget.attrs.update(
            min=self.instance.patient.date_of_birth.isoformat(), max=today
        )
        problem = Fieldset(
            "Problem",
            Row(Column("region"), Column("onset_date")),
            Row(Column("onset"), Column("mechanism")),
            "recurrent",
        )
        if self.instance.pk is None:
            # A new episode is open: discharge is recorded later, by editing it.
            for name in self.DISCHARGE_FIELDS:
                del self.fields[name]
            self.helper = _helper(problem, "version", Submit("save", "Open the episode"))
            return
        self.fields["discharge_date"].widget.attrs["max"] = today
        self.helper = _helper(
            problem,
            Fieldset(
                "Status and discharge",
                "status",
                Row(Column("discharge_date"), Column("discharge_reason")),
            ),
            "version",
            Submit("save", "Save episode"),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        if status == Episode.Status.DISCHARGED:
            if not cleaned.get("discharge_date"):
                self.add_error("discharge_date", "Enter the discharge date.")
            if not cleaned.get("discharge_reason"):
                self.add_error("discharge_reason", "Choose why the episode ended.")
        elif status == Episode.Status.OPEN:
            if cleaned.get("discharge_date"):
                self.add_error("discharge_date", "An open episode has no discharge date.")
            if cleaned.get("discharge_reason"):
                self.add_error("discharge_reason", "An open episode has no discharge reason.")
        return cleaned


class EpisodeArchiveForm(forms.Form):
    reason = text_field(
        REASON,
        rows=3,
        label="Why is this episode archived?",
        help_text="Kept in the episode's history. An archived episode can be restored.",
        error_messages={"required": "Say why the episode is archived."},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the episode is archived.")
        return reason
