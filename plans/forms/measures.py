"""The PSFS, RMDQ and FABQ fields of the assessment and visit forms. Every section is optional, and
an untouched one stays "not taken" (None), never zeros: RMDQ needs its "taken" box ticked (an
unticked statement then scores 0), FABQ items left "Not answered" stay unanswered, PSFS rows left
empty are no activity."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms

from plans.clinical.questionnaires import FABQ_SCALE, FABQ_STATEMENTS, RMDQ_STATEMENTS
from plans.clinical.scoring import PSFS_ITEMS, PSFS_MAX, RMDQ_ITEMS
from plans.models.measures import FABQ_PA_MAX, FABQ_W_MAX, PSFS_ACTIVITY_LENGTH

if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


def psfs_activity_name(number: int) -> str:
    return f"psfs_activity_{number}"


def psfs_rating_name(number: int) -> str:
    return f"psfs_rating_{number}"


def rmdq_name(number: int) -> str:
    return f"rmdq_{number}"


def fabq_name(number: int) -> str:
    return f"fabq_{number}"


def _rating_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=PSFS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": "A rating is a whole number from 0 (unable) to 10 (as before).",
            "max_value": "A rating is a whole number from 0 (unable) to 10 (as before).",
            "invalid": "A rating is a whole number from 0 (unable) to 10 (as before).",
        },
    )


class OutcomeMeasuresMixin(_FormBase):
    """Call the ``add_*`` methods in ``__init__`` and ``clean_outcome_measures`` in ``clean``."""

    psfs_baseline: tuple[str, ...] = ()  # the activities re-rated at a visit; empty at an assessment
    has_psfs = False
    has_rmdq = False
    has_fabq_items = False
    has_fabq_subscales = False

    # --- fields -------------------------------------------------------------------------------------

    def add_psfs_fields(self, baseline_activities: tuple[str, ...] = ()) -> None:
        """At an assessment: up to five rows of activity and rating. At a visit (``baseline_activities``
        given): one rating per baseline activity, labelled with the patient's words."""
        self.has_psfs = True
        self.psfs_baseline = tuple(baseline_activities)
        if self.psfs_baseline:
            for number, activity in enumerate(self.psfs_baseline, start=1):
                self.fields[psfs_rating_name(number)] = _rating_field(f"{number}. {activity}")
            return
        for number in range(1, PSFS_ITEMS[1] + 1):
            self.fields[psfs_activity_name(number)] = forms.CharField(
                label=f"Activity {number}",
                required=False,
                max_length=PSFS_ACTIVITY_LENGTH,
                strip=True,
                help_text="In the patient's words." if number == 1 else "",
                error_messages={"max_length": "Keep the activity to 100 characters."},
            )
            self.fields[psfs_rating_name(number)] = _rating_field(f"Rating {number} (0-10)")

    def add_rmdq_fields(self, *, with_total: bool = False) -> None:
        self.has_rmdq = True
        self.fields["rmdq_taken"] = forms.BooleanField(
            required=False,
            label="RMDQ taken: the statements ticked below apply today (unticked ones score 0)",
        )
        for number, statement in enumerate(RMDQ_STATEMENTS, start=1):
            self.fields[rmdq_name(number)] = forms.BooleanField(
                required=False, label=f"{number}. {statement}"
            )
        if with_total:
            self.fields["rmdq_total"] = forms.IntegerField(
                label="RMDQ total (0-24)",
                required=False,
                min_value=0,
                max_value=RMDQ_ITEMS,
                help_text="When only the total was noted; or tick the statements below.",
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def add_fabq_item_fields(self) -> None:
        self.has_fabq_items = True
        for number, statement in enumerate(FABQ_STATEMENTS, start=1):
            self.fields[fabq_name(number)] = forms.TypedChoiceField(
                label=f"{number}. {statement}",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "Not answered"), *FABQ_SCALE],
                error_messages={"invalid_choice": "Choose 0 (completely disagree) to 6 (completely agree)."},
            )

    def add_fabq_subscale_fields(self) -> None:
        self.has_fabq_subscales = True
        for name, label, top in (
            ("fabq_pa", "FABQ physical activity (0-24)", FABQ_PA_MAX),
            ("fabq_w", "FABQ work (0-42)", FABQ_W_MAX),
        ):
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=top,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    # --- what the template lays out -----------------------------------------------------------------

    @property
    def psfs_rows(self) -> list[tuple[forms.BoundField | None, forms.BoundField]]:
        if not self.has_psfs:
            return []
        if self.psfs_baseline:
            return [(None, self[psfs_rating_name(n)]) for n in range(1, len(self.psfs_baseline) + 1)]
        return [(self[psfs_activity_name(n)], self[psfs_rating_name(n)]) for n in range(1, PSFS_ITEMS[1] + 1)]

    @property
    def rmdq_fields(self) -> list[forms.BoundField]:
        return [self[rmdq_name(n)] for n in range(1, RMDQ_ITEMS + 1)] if self.has_rmdq else []

    @property
    def fabq_fields(self) -> list[forms.BoundField]:
        return [self[fabq_name(n)] for n in range(1, len(FABQ_STATEMENTS) + 1)] if self.has_fabq_items else []

    # --- cleaning -----------------------------------------------------------------------------------

    def clean_outcome_measures(self) -> None:
        if self.has_psfs:
            self._clean_psfs()
        if self.has_rmdq:
            self._clean_rmdq()

    def _clean_psfs(self) -> None:
        cleaned = self.cleaned_data
        if self.psfs_baseline:
            names = [psfs_rating_name(n) for n in range(1, len(self.psfs_baseline) + 1)]
            rated = [name for name in names if cleaned.get(name) is not None]
            if rated and len(rated) < len(names):
                for name in names:
                    if cleaned.get(name) is None and name not in self.errors:
                        self.add_error(name, "Re-rate every activity of the baseline, or none of them.")
            return
        filled = 0
        for number in range(1, PSFS_ITEMS[1] + 1):
            activity_name, rating_name = psfs_activity_name(number), psfs_rating_name(number)
            if activity_name in self.errors or rating_name in self.errors:
                continue
            activity, rating = cleaned.get(activity_name), cleaned.get(rating_name)
            if activity and rating is None:
                self.add_error(rating_name, "Rate this activity from 0 (unable) to 10 (as before).")
            elif rating is not None and not activity:
                self.add_error(activity_name, "Name the activity this rating is for.")
            elif activity:
                filled += 1
        low = PSFS_ITEMS[0]
        if 0 < filled < low and not any(name.startswith("psfs_") for name in self.errors):
            for number in range(1, low + 1):
                if not cleaned.get(psfs_activity_name(number)):
                    self.add_error(
                        psfs_activity_name(number),
                        f"Name and rate at least {low} activities (up to {PSFS_ITEMS[1]}), "
                        "or leave the PSFS empty.",
                    )

    def _clean_rmdq(self) -> None:
        cleaned = self.cleaned_data
        ticked = sum(1 for n in range(1, RMDQ_ITEMS + 1) if cleaned.get(rmdq_name(n)))
        if ticked and not cleaned.get("rmdq_taken"):
            self.add_error("rmdq_taken", "Tick “RMDQ taken” to record the statements ticked, or untick them.")
        total = cleaned.get("rmdq_total")
        if cleaned.get("rmdq_taken") and total is not None and total != ticked:
            self.add_error(
                "rmdq_total",
                f"The total ({total}) differs from the {ticked} statements ticked: give one or the other.",
            )

    # --- the answers --------------------------------------------------------------------------------

    @property
    def psfs_ratings(self) -> tuple[int, ...] | None:
        if not self.has_psfs:
            return None
        if self.psfs_baseline:
            ratings = [
                self.cleaned_data.get(psfs_rating_name(n)) for n in range(1, len(self.psfs_baseline) + 1)
            ]
            return tuple(ratings) if all(r is not None for r in ratings) else None  # type: ignore[arg-type]
        rows = self._psfs_assessment_rows()
        return tuple(rating for _, rating in rows) if rows else None

    @property
    def psfs_activities(self) -> tuple[str, ...] | None:
        rows = self._psfs_assessment_rows()
        return tuple(activity for activity, _ in rows) if rows else None

    def _psfs_assessment_rows(self) -> list[tuple[str, int]]:
        if not self.has_psfs or self.psfs_baseline:
            return []
        rows = []
        for number in range(1, PSFS_ITEMS[1] + 1):
            activity = self.cleaned_data.get(psfs_activity_name(number))
            rating = self.cleaned_data.get(psfs_rating_name(number))
            if activity and rating is not None:
                rows.append((activity, rating))
        return rows

    @property
    def rmdq_items(self) -> tuple[int, ...] | None:
        if not self.has_rmdq or not self.cleaned_data.get("rmdq_taken"):
            return None
        return tuple(1 if self.cleaned_data.get(rmdq_name(n)) else 0 for n in range(1, RMDQ_ITEMS + 1))

    @property
    def fabq_items(self) -> tuple[int | None, ...] | None:
        if not self.has_fabq_items:
            return None
        items = tuple(self.cleaned_data.get(fabq_name(n)) for n in range(1, len(FABQ_STATEMENTS) + 1))
        return None if all(item is None for item in items) else items
