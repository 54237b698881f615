"""The PSFS, RMDQ and FABQ columns that assessments, visits and portal questionnaires share, with
their range constraints (scoring: plans.clinical.scoring).

Answers are kept as given (PSFS ratings and FABQ items as JSON lists, RMDQ as 24 digits 0/1) next to
their scores; an empty list or string means the measure was not taken, never zeros.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from plans.clinical.scoring import (
    FABQ_MAX_PER_ITEM,
    FABQ_PA_ITEMS,
    FABQ_W_ITEMS,
    PSFS_MAX,
    RMDQ_ITEMS,
    FabqScore,
    PsfsScore,
)

FABQ_PA_MAX = FABQ_MAX_PER_ITEM * len(FABQ_PA_ITEMS)  # 24
FABQ_W_MAX = FABQ_MAX_PER_ITEM * len(FABQ_W_ITEMS)  # 42
PSFS_ACTIVITY_LENGTH = 100  # characters of one activity, in the patient's words
RMDQ_FORMAT = rf"^[01]{{{RMDQ_ITEMS}}}$"


def psfs_activities_field() -> models.JSONField:
    return models.JSONField(
        "PSFS activities", default=list, blank=True, help_text="The patient's words for 3-5 activities."
    )


def psfs_ratings_field() -> models.JSONField:
    return models.JSONField(
        "PSFS ratings", default=list, blank=True, help_text="One rating 0-10 per activity, in order."
    )


def psfs_mean_field() -> models.DecimalField:
    return models.DecimalField(
        "PSFS mean (0-10)", max_digits=4, decimal_places=2, null=True, blank=True,
        help_text="Mean of the ratings, half-up to two decimals; the exact mean is recomputed from them.",
    )  # fmt: skip


def rmdq_items_field() -> models.CharField:
    return models.CharField(
        "RMDQ answers", max_length=RMDQ_ITEMS, blank=True,
        help_text="The 24 Roland-Morris statements as 24 digits, 1 = applies today; empty = not taken.",
    )  # fmt: skip


def rmdq_total_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField("RMDQ total (0-24)", null=True, blank=True)


def fabq_items_field() -> models.JSONField:
    return models.JSONField(
        "FABQ answers", default=list, blank=True,
        help_text="The 16 FABQ items, each 0-6 or null (unanswered); empty = not taken.",
    )  # fmt: skip


def fabq_pa_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField("FABQ physical activity (0-24)", null=True, blank=True)


def fabq_w_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField("FABQ work (0-42)", null=True, blank=True)


def measure_constraints(table: str, *, rmdq_items: bool = True) -> list[models.BaseConstraint]:
    """Ranges of the stored scores (and the RMDQ answers' format) for ``table`` (e.g. plans_visit)."""
    constraints: list[models.BaseConstraint] = [
        models.CheckConstraint(
            condition=Q(psfs_mean__isnull=True) | Q(psfs_mean__gte=0, psfs_mean__lte=PSFS_MAX),
            name=f"{table}_psfs_mean_range",
        ),
        models.CheckConstraint(
            condition=Q(rmdq_total__isnull=True) | Q(rmdq_total__lte=RMDQ_ITEMS),
            name=f"{table}_rmdq_total_range",
        ),
        models.CheckConstraint(
            condition=Q(fabq_pa__isnull=True) | Q(fabq_pa__lte=FABQ_PA_MAX), name=f"{table}_fabq_pa_range"
        ),
        models.CheckConstraint(
            condition=Q(fabq_w__isnull=True) | Q(fabq_w__lte=FABQ_W_MAX), name=f"{table}_fabq_w_range"
        ),
    ]
    if rmdq_items:
        constraints += [
            models.CheckConstraint(
                condition=Q(rmdq_items="") | Q(rmdq_items__regex=RMDQ_FORMAT),
                name=f"{table}_rmdq_items_format",
            ),
            models.CheckConstraint(
                condition=Q(rmdq_items="") | Q(rmdq_total__isnull=False), name=f"{table}_rmdq_items_scored"
            ),
        ]
    return constraints


class MeasuresMixin:
    """Read the stored answers back as the scoring module's values."""

    psfs_ratings: list
    rmdq_items: str
    fabq_pa: int | None
    fabq_w: int | None

    @property
    def psfs_score(self) -> PsfsScore | None:
        """The exact mean (``.exact``, a Fraction) and the shown one (``.mean``), or None."""
        return PsfsScore(tuple(self.psfs_ratings)) if self.psfs_ratings else None

    @property
    def psfs_exact(self):
        score = self.psfs_score
        return None if score is None else score.exact

    @property
    def psfs_pairs(self) -> list[tuple[str, int]]:
        """Each activity named (here, or given by the caller's baseline) with its rating."""
        return list(zip(getattr(self, "psfs_activities", ()) or (), self.psfs_ratings or (), strict=False))

    @property
    def rmdq_answers(self) -> tuple[int, ...] | None:
        return tuple(int(digit) for digit in self.rmdq_items) if self.rmdq_items else None

    @property
    def fabq_score(self) -> FabqScore | None:
        """The subscales and their cut-off flags; None when neither subscale was recorded."""
        if self.fabq_pa is None and self.fabq_w is None:
            return None
        return FabqScore(pa=self.fabq_pa, w=self.fabq_w)
