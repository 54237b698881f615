"""The treatment given at a visit: rows of (intervention, minutes), offering only the active types of
the visit's clinic and the shared ones, each at most once."""

from __future__ import annotations

from typing import cast

from django import forms

from plans.forms.common import row_formset
from plans.models import INTERVENTION_MINUTES_MAX, INTERVENTION_MINUTES_MIN, InterventionType

MAX_INTERVENTIONS = 12  # rows per visit; more than the shared and a clinic's own types together
BLANK_ROWS = 3
MINUTES_MESSAGE = f"Enter {INTERVENTION_MINUTES_MIN} to {INTERVENTION_MINUTES_MAX} minutes."


class InterventionRowForm(forms.Form):
    intervention_type = forms.TypedChoiceField(
        label="Intervention",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the intervention these minutes were spent on.",
            "invalid_choice": "Choose one of this clinic's interventions.",
        },
    )
    minutes = forms.IntegerField(
        min_value=INTERVENTION_MINUTES_MIN,
        max_value=INTERVENTION_MINUTES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Give the minutes spent on it.",
            "min_value": MINUTES_MESSAGE,
            "max_value": MINUTES_MESSAGE,
            "invalid": MINUTES_MESSAGE,
        },
    )

    def __init__(self, *args, types: dict[int, InterventionType], number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        kind = cast(forms.TypedChoiceField, self.fields["intervention_type"])
        kind.choices = [("", "Choose..."), *((pk, t.name) for pk, t in types.items())]
        if number is not None:  # every row's fields carry its number, for screen readers
            kind.label = f"Intervention {number}"
            self.fields["minutes"].label = f"Minutes {number}"

    def clean_intervention_type(self) -> InterventionType | None:
        pk = self.cleaned_data["intervention_type"]
        return self.types[pk] if pk is not None else None


class BaseInterventionFormSet(forms.BaseFormSet):
    """Rows choosing from ``types`` (read once, whatever the number of rows)."""

    min_minutes = INTERVENTION_MINUTES_MIN
    max_minutes = INTERVENTION_MINUTES_MAX

    def __init__(self, *args, types, **kwargs):
        self.types = {t.pk: t for t in types}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        number = index + 1 if index is not None else None
        return {**super().get_form_kwargs(index), "types": self.types, "number": number}

    def clean(self):
        seen: set[int] = set()
        for form in self.forms:
            kind = getattr(form, "cleaned_data", {}).get("intervention_type")
            if kind is None:
                continue
            if kind.pk in seen:
                form.add_error("intervention_type", f"{kind} is listed above already: give its minutes once.")
            seen.add(kind.pk)

    @property
    def interventions(self) -> tuple[tuple[InterventionType, int], ...]:
        """The filled rows, in their order, for ``VisitEntry.interventions``."""
        return tuple(
            (form.cleaned_data["intervention_type"], form.cleaned_data["minutes"])
            for form in self.forms
            if form.cleaned_data.get("intervention_type") is not None
        )


InterventionFormSet = row_formset(
    InterventionRowForm, BaseInterventionFormSet, limit=MAX_INTERVENTIONS, extra=BLANK_ROWS, can_delete=False
)


def intervention_formset(data, *, user, clinic_id: int) -> BaseInterventionFormSet:
    """The visit form's treatment rows: what the user may see, of the clinic's active types."""
    types = InterventionType.objects.visible_to(user).offered_at(clinic_id)
    return InterventionFormSet(data, prefix="treatment", types=list(types))
