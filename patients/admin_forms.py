"""The patient form of the admin: dates typed in the clinic's format (or ISO), which it names."""

from datetime import date
from typing import cast

from django import forms

from clinic import dates
from clinic.edit_conflicts import VersionedModelForm
from patients.models import Patient


class PatientAdminForm(VersionedModelForm):
    date_format: str = dates.DateFormat.DAY_FIRST  # the admin sets the user's clinic's format

    class Meta:
        model = Patient
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = dates.DateFormat(self.date_format).label
        born = cast(forms.DateField, self.fields["date_of_birth"])
        born.input_formats = dates.input_formats(self.date_format)
        born.widget.format = dates.output_format(self.date_format)
        born.widget.attrs["placeholder"] = shown
        born.help_text = f"As {shown} (or YYYY-MM-DD)."
        born.error_messages["invalid"] = (
            f"Enter the date as {shown}, for example {_example(self.date_format)}."
        )
        if self.instance.pk is None:
            self.fields["record_number"].required = False
            self.fields["record_number"].help_text = "Leave empty to give the clinic's next number."


def _example(date_format: str) -> str:
    return date(1990, 3, 14).strftime(dates.output_format(date_format))
