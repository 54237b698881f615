"""Amending a saved visit or assessment: its values, prefilled, and the reason for the change. The
objective measures are the recording forms' own section (plans.forms.objective), and so are the ODI
sections (plans.forms.common) and the PSFS, RMDQ and FABQ fields (plans.forms.measures) of both."""

from __future__ import annotations

from django import forms

from clinic import dates
from clinic.edit_conflicts import person
from clinic.forms import DateInput
from clinic.text import NOTE, REASON, text_field
from plans.clinical.questionnaires import ODI_SKIPPED
from plans.forms.assessments import StartBackMixin, startback_bothersomeness_field, startback_field_name
from plans.forms.common import FindingsAndOdiMixin, odi_field_name, pain_field
from plans.forms.measures import OutcomeMeasuresMixin, fabq_name, psfs_rating_name, rmdq_name
from plans.forms.objective import ObjectiveMeasuresMixin
from plans.models import PatientRating
from plans.models.objective import MEASURE_FIELDS
from plans.services.assessment_amend import ASSESSMENT_AMENDABLE_FIELDS, AssessmentAmendment
from plans.services.visit_amend import AMENDABLE_FIELDS, VisitAmendment


class _AmendForm(ObjectiveMeasuresMixin, forms.Form):
    """The record's amendable values and objective measures, prefilled, a required reason and the
    version it was opened at."""

    amendable: tuple[str, ...] = ()
    record_name = ""
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, record):
        initial = {name: getattr(record, name) for name in self.amendable}
        measures = getattr(record, "objective", None)
        if measures is not None:
            initial |= measures.values()
        super().__init__(data, initial={**initial, **self.more_initial(record), "version": record.version})
        self.add_objective_fields()
        self.fields["reason"] = text_field(
            REASON,
            rows=2,
            label=f"Why is the {self.record_name} amended?",
            help_text=f"Kept in the {self.record_name}'s history with the old values.",
            error_messages={"required": f"Say why the {self.record_name} is amended."},
        )

    def more_initial(self, record) -> dict:
        return {}

    def stale_values(self, saved) -> dict:
        """More saved values, by field name, for ``refuse_stale`` to compare with the typed ones."""
        return {}

    def clean(self):
        cleaned = super().clean() or {}
        self.clean_objective()
        return cleaned

    def refuse_stale(self, saved) -> None:
        """Keep what was typed, say who changed the record meanwhile and what is saved now, and carry
        the saved version so that saving again keeps the typed values."""
        by = person(saved.amended_by) if saved.amended_by else "Someone"
        self.add_error(
            None,
            f"{by} changed this {self.record_name} after you opened it. Nothing was saved. "
            "Your values are kept below: check them and save again to keep yours.",
        )
        measures = getattr(saved, "objective", None)
        saved_now = {name: getattr(saved, name) for name in self.amendable}
        saved_now |= {name: getattr(measures, name, None) for name in MEASURE_FIELDS}
        saved_now |= self.stale_values(saved)
        for name, now in saved_now.items():
            typed = self.cleaned_data.get(name)
            if _blank(typed) != _blank(now):
                shown = "(empty)" if _blank(now) is None else f"“{'yes' if now is True else now}”"
                self.add_error(name, f"Saved now: {shown}.")
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
        data["version"] = str(saved.version)
        self.data = data


class VisitAmendForm(OutcomeMeasuresMixin, FindingsAndOdiMixin, _AmendForm):
    """The visit form's measures (plans.forms.visits.VisitForm): the ODI, the PSFS re-rating of the
    baseline's activities, the RMDQ and the FABQ subscales."""

    amendable = AMENDABLE_FIELDS
    record_name = "visit"
    visit_date = forms.DateField(label="Visit date", widget=DateInput())
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

    def __init__(self, data=None, *, record):
        super().__init__(data, record=record)
        self.fields["visit_date"].widget.attrs.update(max=dates.today().isoformat())
        self.add_odi_fields()
        self.baseline = record.baseline  # its activities are the ones the visit re-rated
        activities = tuple(self.baseline.psfs_activities) if self.baseline else ()
        if activities:
            self.add_psfs_fields(activities)
        self.add_rmdq_fields(with_total=True)
        self.add_fabq_subscale_fields()

    def more_initial(self, record) -> dict:
        """The measures as taken: a section left out of an ODI taken shows as skipped."""
        initial: dict = {
            odi_field_name(n): ODI_SKIPPED if a is None else a
            for n, a in enumerate(record.odi_sections or (), start=1)
        }
        initial |= {psfs_rating_name(n): r for n, r in enumerate(record.psfs_ratings, start=1)}
        initial["rmdq_taken"] = bool(record.rmdq_items)
        initial |= {rmdq_name(n): c == "1" for n, c in enumerate(record.rmdq_items, start=1)}
        # The total alone when only the total was noted; else the statements ticked say it.
        initial["rmdq_total"] = None if record.rmdq_items else record.rmdq_total
        initial |= {name: getattr(record, name) for name in ("fabq_pa", "fabq_w")}
        return initial

    def stale_values(self, saved) -> dict:
        return {
            name: None if value == ODI_SKIPPED else value for name, value in self.more_initial(saved).items()
        }

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if visit_date > dates.today():
            raise forms.ValidationError("The visit date cannot be in the future.")
        return visit_date

    def clean(self):
        cleaned = super().clean() or {}
        self.clean_odi()
        self.clean_outcome_measures()
        return cleaned

    @property
    def amendment(self) -> VisitAmendment:
        data = self.cleaned_data
        items = self.rmdq_items
        return VisitAmendment(
            **{name: data[name] for name in AMENDABLE_FIELDS},
            objective=self.objective_values,
            odi_sections=self.odi_sections,
            psfs_ratings=self.psfs_ratings,
            rmdq_items=items,
            rmdq_total=sum(items) if items is not None else data.get("rmdq_total"),
            fabq_pa=data.get("fabq_pa"),
            fabq_w=data.get("fabq_w"),
        )


class AssessmentAmendForm(OutcomeMeasuresMixin, StartBackMixin, FindingsAndOdiMixin, _AmendForm):
    amendable = ASSESSMENT_AMENDABLE_FIELDS
    record_name = "assessment"

    nprs_current = pain_field("Pain now (0-10)", required=True)
    nprs_best = pain_field("Pain at best (0-10)", required=False)
    nprs_worst = pain_field("Pain at worst (0-10)", required=False)
    notes = text_field(NOTE, rows=3, required=False)
    startback_bothersomeness = startback_bothersomeness_field()

    def __init__(self, data=None, *, record):
        super().__init__(data, record=record)
        self.add_odi_fields()
        self.add_startback_fields()
        self.add_rmdq_fields()
        self.add_fabq_item_fields()

    def more_initial(self, record) -> dict:
        """The questionnaires as answered: a section left out of an ODI taken shows as skipped."""
        initial: dict = {
            startback_field_name(n): int(c) for n, c in enumerate(record.startback_items, start=1)
        }
        initial["startback_bothersomeness"] = record.startback_bothersomeness
        initial["rmdq_taken"] = bool(record.rmdq_items)
        initial |= {rmdq_name(n): c == "1" for n, c in enumerate(record.rmdq_items, start=1)}
        initial |= {fabq_name(n): item for n, item in enumerate(record.fabq_items, start=1)}
        if record.odi_answered:
            answers = [getattr(record, odi_field_name(n)) for n in range(1, 11)]
            initial |= {
                odi_field_name(n): ODI_SKIPPED if a is None else a for n, a in enumerate(answers, start=1)
            }
        return initial

    def clean(self):
        cleaned = super().clean() or {}
        self.clean_odi()
        self.clean_startback()
        self.clean_outcome_measures()
        now, best, worst = (cleaned.get(f"nprs_{n}") for n in ("current", "best", "worst"))
        if best is not None and worst is not None and best > worst:
            self.add_error("nprs_best", "Pain at best cannot be above pain at worst.")
        if now is not None and worst is not None and now > worst:
            self.add_error("nprs_current", "Pain now cannot be above pain at worst.")
        return cleaned

    @property
    def amendment(self) -> AssessmentAmendment:
        data = self.cleaned_data
        return AssessmentAmendment(
            **{name: data[name] for name in ASSESSMENT_AMENDABLE_FIELDS},
            odi_sections=self.odi_sections,
            startback_items=self.startback_items,
            startback_bothersomeness=data.get("startback_bothersomeness") or "",
            rmdq_items=self.rmdq_items,
            fabq_items=self.fabq_items,
            objective=self.objective_values,
        )


def _blank(value):
    return None if value is None or value is False or value == "" else value
