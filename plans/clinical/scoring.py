"""Outcome-measure scoring, exact to the published rules (shared/clinical-reference.md §1, §3.1).

Pure functions over plain values. Percentages are kept as exact fractions; only the figure shown
(and sent in the API) is rounded, half-up to one decimal, and bands are chosen on the exact value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from plans.clinical.contract import FabqDict, OdiScoreDict, PsfsScoreDict, RmdqScoreDict, StartBackScoreDict
from plans.clinical.vocabulary import Bothersomeness, OdiBand, Stage, StartBackRisk

SCORING_VERSION = "2026.1"

# The BMI a form, the API and the database accept (kg/m², inclusive); outside it height or weight is wrong.
BMI_RANGE = (10, 90)

ODI_SECTIONS = 10
ODI_MAX_PER_SECTION = 5
# Upper-inclusive cut-offs (Fairbank & Pynsent 2000): <=20 minimal, <=40 moderate, ...
ODI_BANDS = (
    (20, OdiBand.MINIMAL),
    (40, OdiBand.MODERATE),
    (60, OdiBand.SEVERE),
    (80, OdiBand.CRIPPLED),
    (100, OdiBand.BED_BOUND),
)

STARTBACK_ITEMS = 8  # items 1-8 agree/disagree; item 9 is the bothersomeness question
STARTBACK_PSYCHOSOCIAL_ITEMS = (5, 6, 7, 8)  # 1-based; item 9 also counts
STARTBACK_BOTHERSOME = frozenset({Bothersomeness.VERY_MUCH, Bothersomeness.EXTREMELY})


def round_half_up(value: Fraction | Decimal | int | float, places: int = 1) -> Decimal:
    """Round half away from zero to ``places`` decimals (Python's round() rounds half to even)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OdiScore:
    raw: int
    answered: int
    exact: Fraction | None  # 100 x raw / (5 x answered); None when nothing was answered
    valid: bool  # false when more than one section was skipped

    @property
    def percent(self) -> Decimal | None:
        return None if self.exact is None else round_half_up(self.exact, 1)

    @property
    def band(self) -> OdiBand | None:
        return None if self.exact is None else odi_band(self.exact)

    def as_dict(self) -> OdiScoreDict:
        percent, band = self.percent, self.band
        return {
            "percent": None if percent is None else float(percent),
            "band": None if band is None else band.value,
            "answered": self.answered,
            "valid": self.valid,
        }


def odi_band(percent: Fraction | Decimal | int) -> OdiBand:
    for upper, band in ODI_BANDS:
        if percent <= upper:
            return band
    raise ValueError(f"ODI percent out of range: {percent}")


def score_odi(sections: list[int | None]) -> OdiScore:
    """Score the ten ODI sections, each 0-5 or None when skipped."""
    if len(sections) != ODI_SECTIONS:
        raise ValueError(f"The ODI has {ODI_SECTIONS} sections; got {len(sections)}.")
    answered = [s for s in sections if s is not None]
    for s in answered:
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= ODI_MAX_PER_SECTION:
            raise ValueError(f"An ODI section scores 0 to {ODI_MAX_PER_SECTION}; got {s!r}.")
    raw = sum(answered)
    exact = Fraction(100 * raw, ODI_MAX_PER_SECTION * len(answered)) if answered else None
    return OdiScore(
        raw=raw,
        answered=len(answered),
        exact=exact,
        valid=bool(answered) and ODI_SECTIONS - len(answered) <= 1,
    )


@dataclass(frozen=True)
class StartBackScore:
    total: int
    psychosocial: int
    risk: StartBackRisk

    def as_dict(self) -> StartBackScoreDict:
        return {"total": self.total, "psychosocial": self.psychosocial, "risk": self.risk.value}


def score_startback(items: list[int], bothersomeness: str) -> StartBackScore:
    """Keele STarT Back: items 1-8 as 0/1, item 9 the bothersomeness answer."""
    if len(items) != STARTBACK_ITEMS or any(type(i) is not int or i not in (0, 1) for i in items):
        raise ValueError("STarT Back needs exactly eight answers of 0 or 1.")
    if bothersomeness not in Bothersomeness.values:
        raise ValueError(f"Unknown bothersomeness answer: {bothersomeness!r}.")
    item9 = 1 if bothersomeness in STARTBACK_BOTHERSOME else 0
    total = sum(items) + item9
    psychosocial = sum(items[i - 1] for i in STARTBACK_PSYCHOSOCIAL_ITEMS) + item9
    if total <= 3:
        risk = StartBackRisk.LOW
    elif psychosocial <= 3:
        risk = StartBackRisk.MEDIUM
    else:
        risk = StartBackRisk.HIGH
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


PSFS_ITEMS = (3, 5)  # the product asks for 3 to 5 activities
PSFS_MAX = 10
RMDQ_ITEMS = 24
FABQ_ITEMS = 16
FABQ_MAX_PER_ITEM = 6
FABQ_PA_ITEMS = (2, 3, 4, 5)  # 1-based
FABQ_W_ITEMS = (6, 7, 9, 10, 11, 12, 15)
# Default cut-offs (Fritz & George 2002): a subscale above these is high.
FABQ_PA_HIGH_ABOVE = 14
FABQ_W_HIGH_ABOVE = 34


def _is_int(value: object) -> bool:
    return type(value) is int


@dataclass(frozen=True)
class PsfsScore:
    """Patient-Specific Functional Scale: the exact mean of 3-5 activity ratings (0 unable, 10 as before)."""

    ratings: tuple[int, ...]

    @property
    def exact(self) -> Fraction:
        return Fraction(sum(self.ratings), len(self.ratings))

    @property
    def mean(self) -> Decimal:
        return round_half_up(self.exact, 2)

    def as_dict(self) -> PsfsScoreDict:
        return {"mean": float(self.mean), "items": len(self.ratings)}


def score_psfs(ratings: list[int]) -> PsfsScore:
    low, high = PSFS_ITEMS
    if not low <= len(ratings) <= high:
        raise ValueError(f"The PSFS rates {low} to {high} activities; got {len(ratings)}.")
    if any(not _is_int(r) or not 0 <= r <= PSFS_MAX for r in ratings):
        raise ValueError(f"Each PSFS activity is rated with a whole number from 0 to {PSFS_MAX}.")
    return PsfsScore(ratings=tuple(ratings))


@dataclass(frozen=True)
class RmdqScore:
    """Roland-Morris (24 statements): the number that apply today, 0-24, higher is worse."""

    total: int

    def as_dict(self) -> RmdqScoreDict:
        return {"total": self.total}


def score_rmdq(items: list[int]) -> RmdqScore:
    if len(items) != RMDQ_ITEMS or any(not _is_int(i) or i not in (0, 1) for i in items):
        raise ValueError(f"The RMDQ needs exactly {RMDQ_ITEMS} answers of 0 or 1.")
    return RmdqScore(total=sum(items))


@dataclass(frozen=True)
class FabqScore:
    """Fear-Avoidance Beliefs: physical activity (items 2-5, 0-24) and work (items 6, 7, 9-12, 15,
    0-42) subscales; a subscale with an unanswered item is not computed, and neither is its flag."""

    pa: int | None
    w: int | None

    @property
    def pa_high(self) -> bool | None:
        return None if self.pa is None else self.pa > FABQ_PA_HIGH_ABOVE

    @property
    def w_high(self) -> bool | None:
        return None if self.w is None else self.w > FABQ_W_HIGH_ABOVE

    @property
    def high(self) -> bool:
        return bool(self.pa_high or self.w_high)

    def as_dict(self) -> FabqDict:
        return {"pa": self.pa, "w": self.w, "pa_high": self.pa_high, "w_high": self.w_high}


def _subscale(items: list[int | None], numbers: tuple[int, ...]) -> int | None:
    values = [items[n - 1] for n in numbers]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def score_fabq(items: list[int | None]) -> FabqScore:
    if len(items) != FABQ_ITEMS:
        raise ValueError(f"The FABQ has {FABQ_ITEMS} items; got {len(items)}.")
    if any(i is not None and (not _is_int(i) or not 0 <= i <= FABQ_MAX_PER_ITEM) for i in items):
        raise ValueError(f"Each FABQ item is a whole number from 0 to {FABQ_MAX_PER_ITEM}, or unanswered.")
    return FabqScore(pa=_subscale(items, FABQ_PA_ITEMS), w=_subscale(items, FABQ_W_ITEMS))


def body_mass_index(height_cm: Decimal | int | float, weight_kg: Decimal | int | float) -> Decimal:
    """BMI = kg / m², rounded half-up to one decimal."""
    height_m = Decimal(str(height_cm)) / 100
    if height_m <= 0:
        raise ValueError("Height must be positive.")
    return round_half_up(Decimal(str(weight_kg)) / (height_m * height_m), 1)


@dataclass(frozen=True)
class StageThresholds:
    """Duration classes (days since onset); clinics may change them. Defaults: 6 and 12 weeks."""

    subacute_from_days: int = 42
    chronic_from_days: int = 84


def stage_for_duration(duration_days: int, thresholds: StageThresholds = StageThresholds()) -> Stage:  # noqa: B008
    if duration_days < 0:
        raise ValueError("Duration cannot be negative.")
    if duration_days >= thresholds.chronic_from_days:
        return Stage.CHRONIC
    if duration_days >= thresholds.subacute_from_days:
        return Stage.SUBACUTE
    return Stage.ACUTE
