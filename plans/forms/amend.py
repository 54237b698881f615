"""Amending a saved visit: its values, prefilled, and the reason for the change."""

from __future__ import annotations

from django import forms

from clinic.edit_conflicts import person
from clinic.text import NOTE, REASON, text_field
from plans.forms.common import pain_field
from plans.models import PatientRating, Visit
from plans.services.visit_amend import AMENDABLE_FIELDS, VisitAmendment


class VisitAmendForm(forms.Form):
    nprs = pain_field("Pain now (0-10)", required=False)
    patient_rating = forms.ChoiceField(
        choices=[("", "Not asked")] + PatientRating.choices,
        required=False,
        label="Since last time, the patient feels",
        widget=forms.RadioSelect,
    )
    adherence_percent = forms.IntegerField(
        label="Home exercises done (% of prescribed sessions)",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = text_field(NOTE, rows=2, required=False)
    reason = text_field(
        REASON,
        rows=2,
        label="Why is the visit amended?",
        help_text="Kept in the visit's history with the old values.",
        error_messages={"required": "Say why the visit is amended."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, visit: Visit):
        initial = {name: getattr(visit, name) for name in AMENDABLE_FIELDS}
        super().__init__(data, initial={**initial, "version": visit.version})

    @property
    def amendment(self) -> VisitAmendment:
        data = self.cleaned_data
        return VisitAmendment(**{name: data[name] for name in AMENDABLE_FIELDS})

    def refuse_stale(self, saved: Visit) -> None:
        """Keep what was typed, say who changed the visit meanwhile and what is saved now, and carry
        the saved version so that saving again keeps the typed values."""
        by = person(saved.amended_by) if saved.amended_by else "Someone"
        self.add_error(
            None,
            f"{by} changed this visit after you opened it. Nothing was saved. "
            "Your values are kept below: check them and save again to keep yours.",
        )
        for name in AMENDABLE_FIELDS:
            typed, now = self.cleaned_data.get(name), getattr(saved, name)
            if _blank(typed) != _blank(now):
                shown = "(empty)" if now in (None, "") else f"“{now}”"
                self.add_error(name, f"Saved now: {shown}.")
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
        data["version"] = str(saved.version)
        self.data = data


def _blank(value):
    return None if value in (None, "") else value
