"""The optional objective-measures section of the assessment and visit forms (the model:
plans.models.objective)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from plans.clinical.objective import (
    DERMATOME_FIELDS,
    MYOTOME_FIELDS,
    OXFORD_NORMAL,
    REFLEX_FIELDS,
    ROM_FIELDS,
    ROM_GRADE_FIELDS,
    ROM_MAX,
    ROM_MEASURES,
    SLR_FIELDS,
    SLR_MAX,
    SLR_SLUMP_FIELDS,
    SLUMP_FIELDS,
    derive_findings,
)
from plans.models.objective import MEASURE_FIELDS, ObjectiveMeasures, measure_label

if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object

_BOUNDS = {**dict.fromkeys(ROM_FIELDS, ROM_MAX), **dict.fromkeys(SLR_FIELDS, SLR_MAX)} | dict.fromkeys(
    MYOTOME_FIELDS, OXFORD_NORMAL
)
NOT_TESTED = ("", "Not tested")
BOTH_GIVEN = "Enter the degrees or a grade, not both."


def _form_field(name: str) -> forms.Field:
    label = measure_label(name)
    if name in _BOUNDS:
        high = _BOUNDS[name]
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=0,
            max_value=high,
            error_messages={
                "min_value": f"Enter 0 to {high}.",
                "max_value": f"Enter 0 to {high}.",
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    if name.endswith("_leg_pain"):
        return forms.BooleanField(label="Reproduces the leg pain", required=False)
    model_field = ObjectiveMeasures._meta.get_field(name)
    choices = [choice for choice in model_field.choices if choice[0]]  # type: ignore[union-attr]
    return forms.ChoiceField(label=label, required=False, choices=[NOT_TESTED, *choices])


class ObjectiveMeasuresMixin(_FormBase):
    """Adds the measures; a section left untouched records nothing."""

    def add_objective_fields(self) -> None:
        for name in MEASURE_FIELDS:
            self.fields[name] = _form_field(name)

    def _bound(self, names) -> list:
        return [self[name] for name in names]

    @property
    def objective_groups(self) -> list[tuple[str, list]]:
        """(legend, fields) for the template's fieldsets."""
        return [
            ("Range of motion (degrees or a grade, not both)", self._bound(ROM_MEASURES)),
            ("Straight-leg raise and slump", self._bound(SLR_SLUMP_FIELDS)),
            ("Myotomes (Oxford 0-5; 5 is normal)", self._bound(MYOTOME_FIELDS)),
            ("Dermatomes (sensation)", self._bound(DERMATOME_FIELDS)),
            ("Reflexes", self._bound(REFLEX_FIELDS)),
        ]

    @property
    def objective_values(self) -> dict[str, Any] | None:
        """The measures entered, or None when none was."""
        values = {name: self.cleaned_data.get(name) for name in MEASURE_FIELDS}
        for name in ROM_GRADE_FIELDS + SLUMP_FIELDS + DERMATOME_FIELDS + REFLEX_FIELDS:
            values[name] = values[name] or ""
        if not any(value not in (None, "", False) for value in values.values()):
            return None
        return values

    @property
    def findings_from_measures(self) -> frozenset[str]:
        values = self.objective_values
        return derive_findings(values) if values else frozenset()

    def clean_objective(self) -> None:
        for side in ("left", "right"):
            if self.cleaned_data.get(f"slr_{side}_leg_pain") and self.cleaned_data.get(f"slr_{side}") is None:
                self.add_error(f"slr_{side}", "Enter the angle at which the leg pain came on.")
        for name in ROM_FIELDS:
            if self.cleaned_data.get(name) is not None and self.cleaned_data.get(f"{name}_grade"):
                self.add_error(name, BOTH_GIVEN)
                self.add_error(f"{name}_grade", BOTH_GIVEN)
