"""Pieces the assessment, plan and visit forms share: pain fields, finding and ODI fields, and
formsets whose filled rows are always kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms

from plans.clinical.questionnaires import ODI_SECTIONS, ODI_SKIPPED
from plans.clinical.vocabulary import FINDING_GROUPS, FindingGroup, contradictory_direction_messages

# Row limits: far above any real home programme, and low enough that a forged TOTAL_FORMS builds
# no more than this many forms before the "at most" error.
MAX_PLAN_EXERCISES = 20
MAX_PLAN_GOALS = 10

FormSetT = TypeVar("FormSetT", bound=forms.BaseFormSet)

if TYPE_CHECKING:
    _FormBase = forms.Form
    _FormSetBase = forms.BaseFormSet
else:
    _FormBase = _FormSetBase = object


def pain_field(label: str, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def odi_field_name(number: int) -> str:
    return f"odi_{number}"


def _odi_answer(value: str) -> int | None:
    return None if value == ODI_SKIPPED else int(value)


def odi_section_field(
    number: int, *, skip_label: str, required: bool, message: str
) -> forms.TypedChoiceField:
    """One ODI section: its six statements and an explicit skip, none chosen until someone chooses
    (``cleaned_data`` holds the statement's index, or None when skipped)."""
    title, statements = ODI_SECTIONS[number - 1]
    return forms.TypedChoiceField(
        label=f"{number}. {title}",
        required=required,
        coerce=_odi_answer,
        empty_value=None,
        choices=[*enumerate(statements), (ODI_SKIPPED, skip_label)],
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


STAFF_ODI_MESSAGE = "Choose a statement, or mark the section skipped."


FINDING_FIELD_NAMES = {group: f"findings_{group.value}" for group in FindingGroup}


class FindingsAndOdiMixin(_FormBase):
    """Grouped finding checkboxes and the ten ODI sections, shared by assessments and visits."""

    def add_finding_fields(self):
        for group, findings in FINDING_GROUPS.items():
            self.fields[FINDING_FIELD_NAMES[group]] = forms.MultipleChoiceField(
                label=group.label,
                required=False,
                choices=[(finding.value, finding.label) for finding in findings],
                widget=forms.CheckboxSelectMultiple,
            )

    def add_odi_fields(self):
        """The ODI is optional, but once any section is answered or skipped, every section must be
        (``clean_odi``)."""
        for number in range(1, len(ODI_SECTIONS) + 1):
            self.fields[odi_field_name(number)] = odi_section_field(
                number, skip_label="Skipped", required=False, message=STAFF_ODI_MESSAGE
            )

    def clean_odi(self) -> None:
        names = [odi_field_name(n) for n in range(1, len(ODI_SECTIONS) + 1)]
        given = [name for name in names if self.data.get(self.add_prefix(name)) not in (None, "")]
        if not given:
            return
        for name in names:
            if name not in given and name not in self.errors:
                self.add_error(name, STAFF_ODI_MESSAGE)

    def clean_findings_mechanical(self):
        codes = self.cleaned_data.get(FINDING_FIELD_NAMES[FindingGroup.MECHANICAL]) or []
        if errors := contradictory_direction_messages(codes):
            raise forms.ValidationError(errors)
        return codes

    @property
    def finding_fields(self):
        return [self[FINDING_FIELD_NAMES[group]] for group in FindingGroup]

    @property
    def odi_fields(self):
        return [self[odi_field_name(n)] for n in range(1, 11)]

    @property
    def findings(self) -> frozenset[str]:
        codes: set[str] = set()
        for name in FINDING_FIELD_NAMES.values():
            codes.update(self.cleaned_data.get(name) or ())
        return frozenset(codes)

    @property
    def odi_sections(self) -> tuple[int | None, ...] | None:
        sections = tuple(self.cleaned_data.get(odi_field_name(n)) for n in range(1, 11))
        return None if all(value is None for value in sections) else sections


class FilledRowsKeptMixin(_FormSetBase):
    """A submitted row that names its key field is always validated and kept, even when it equals
    the initial data it was offered with (Django skips unchanged extra rows otherwise); a row
    without it is ignored."""

    key_field: str

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        if self.is_bound:
            # A row whose key field is blank is an unused row, whatever else the page filled in.
            form.empty_permitted = not self.data.get(form.add_prefix(self.key_field))
            if form.empty_permitted:
                form.has_changed = lambda: False
        return form


def is_deleted(form: forms.Form) -> bool:
    """A row ticked "Remove" (what Django's formset calls ``_should_delete_form``)."""
    return bool(form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME))


class ExerciseRowsFormSet(FilledRowsKeptMixin, forms.BaseFormSet):
    """Rows that each pick from the same ``exercises`` queryset."""

    def __init__(self, *args, exercises, **kwargs):
        self.exercises = exercises
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "exercises": self.exercises}


def row_formset(
    form: type[forms.Form],
    formset: type[FormSetT],
    *,
    limit: int,
    extra: int = 1,
    can_delete: bool = True,
) -> type[FormSetT]:
    """A formset of at most ``limit`` rows, refusing a forged TOTAL_FORMS above it."""
    factory = forms.formset_factory(
        form,
        formset=formset,
        extra=extra,
        can_delete=can_delete,
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )
    return cast(type[FormSetT], factory)
