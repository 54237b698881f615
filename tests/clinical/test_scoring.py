"""Outcome-measure scoring against clinical-reference.md §1 and the worked vectors of §7.

Pure functions: no database.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from plans.clinical.scoring import (
    OdiScore,
    StageThresholds,
    StartBackScore,
    body_mass_index,
    odi_band,
    round_half_up,
    score_odi,
    score_startback,
    stage_for_duration,
)
from plans.clinical.vocabulary import Bothersomeness, OdiBand, Stage, StartBackRisk

# --------------------------------------------------------------------------------------------------
# ODI: the §7 vectors
# --------------------------------------------------------------------------------------------------

# id, sections, raw, answered, exact fraction, percent (1 dp, as text), band
ODI_VECTORS = [
    ("ODI-01", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 10, Fraction(0), "0.0", OdiBand.MINIMAL),
    ("ODI-02", [2, 1, 2, 1, 2, 2, 1, 2, 2, 1], 16, 10, Fraction(32), "32.0", OdiBand.MODERATE),
    ("ODI-03", [2, 1, 2, 1, 2, 2, 1, None, 2, 3], 16, 9, Fraction(320, 9), "35.6", OdiBand.MODERATE),
    ("ODI-04", [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 10, 10, Fraction(20), "20.0", OdiBand.MINIMAL),
    ("ODI-05", [1, 1, 1, 1, 1, 1, 1, None, 1, 2], 10, 9, Fraction(200, 9), "22.2", OdiBand.MODERATE),
]


@pytest.mark.parametrize(
    "sections, raw, answered, exact, percent, band",
    [v[1:] for v in ODI_VECTORS],
    ids=[v[0] for v in ODI_VECTORS],
)
def test_odi_reference_vectors(sections, raw, answered, exact, percent, band):
    score = score_odi(sections)
    assert isinstance(score, OdiScore)
    assert score.raw == raw
    assert score.answered == answered
    assert score.exact == exact
    assert isinstance(score.exact, Fraction)
    assert score.valid is True
    assert isinstance(score.percent, Decimal)
    # Quantized to exactly one decimal place.
    assert str(score.percent) == percent
    assert score.band == band
    assert score.as_dict() == {
        "percent": float(percent),
        "band": band.value,
        "answered": answered,
        "valid": True,
    }


def test_odi_published_example_all_answered_16_of_50_is_32_percent():
    score = score_odi([2, 1, 2, 1, 2, 2, 1, 2, 2, 1])
    assert (score.raw, score.answered) == (16, 10)
    assert score.exact == 32
    assert score.percent == Decimal("32.0")


def test_odi_published_example_16_of_45_rounds_to_35_6_not_truncated_35_5():
    score = score_odi([2, 1, 2, 1, 2, 2, 1, None, 2, 3])
    assert score.exact == Fraction(1600, 45)
    assert score.percent == Decimal("35.6")
    assert score.percent != Decimal("35.5")
    # The contract's example response for the same sections.
    assert score.as_dict() == {"percent": 35.6, "band": "moderate", "answered": 9, "valid": True}


def _sections(raw: int, answered: int = 10) -> list[int | None]:
    """A real section list: ``answered`` sections summing to ``raw`` (filled 5s first), rest None."""
    assert 0 <= raw <= 5 * answered
    values = []
    left = raw
    for _ in range(answered):
        values.append(min(5, left))
        left -= values[-1]
    return values + [None] * (10 - answered)


@pytest.mark.parametrize(
    "raw, answered, exact, percent, band",
    [
        (10, 10, Fraction(20), "20.0", OdiBand.MINIMAL),
        (11, 10, Fraction(22), "22.0", OdiBand.MODERATE),
        (10, 9, Fraction(200, 9), "22.2", OdiBand.MODERATE),
        (20, 10, Fraction(40), "40.0", OdiBand.MODERATE),
        (18, 9, Fraction(40), "40.0", OdiBand.MODERATE),
        (21, 10, Fraction(42), "42.0", OdiBand.SEVERE),
        (19, 9, Fraction(380, 9), "42.2", OdiBand.SEVERE),
        (30, 10, Fraction(60), "60.0", OdiBand.SEVERE),
        (31, 10, Fraction(62), "62.0", OdiBand.CRIPPLED),
        (28, 9, Fraction(560, 9), "62.2", OdiBand.CRIPPLED),
        (40, 10, Fraction(80), "80.0", OdiBand.CRIPPLED),
        (36, 9, Fraction(80), "80.0", OdiBand.CRIPPLED),
        (41, 10, Fraction(82), "82.0", OdiBand.BED_BOUND),
        (37, 9, Fraction(740, 9), "82.2", OdiBand.BED_BOUND),
        (50, 10, Fraction(100), "100.0", OdiBand.BED_BOUND),
        (45, 9, Fraction(100), "100.0", OdiBand.BED_BOUND),
    ],
)
def test_odi_band_boundaries_are_upper_inclusive(raw, answered, exact, percent, band):
    sections = _sections(raw, answered)
    assert len(sections) == 10
    score = score_odi(sections)
    assert score.raw == raw
    assert score.answered == answered
    assert score.exact == exact
    assert str(score.percent) == percent
    assert score.band == band


def test_odi_all_fives_is_100_bed_bound():
    score = score_odi([5] * 10)
    assert score.exact == 100
    assert score.percent == Decimal("100.0")
    assert score.band == OdiBand.BED_BOUND
    assert score.as_dict()["band"] == "bed_bound"


@pytest.mark.parametrize(
    "value, band",
    [
        (0, OdiBand.MINIMAL),
        (20, OdiBand.MINIMAL),
        (Decimal("20.0"), OdiBand.MINIMAL),
        (Decimal("20.01"), OdiBand.MODERATE),
        (Fraction(401, 20), OdiBand.MODERATE),
        (40, OdiBand.MODERATE),
        (Fraction(4001, 100), OdiBand.SEVERE),
        (60, OdiBand.SEVERE),
        (Decimal("60.1"), OdiBand.CRIPPLED),
        (80, OdiBand.CRIPPLED),
        (Decimal("80.01"), OdiBand.BED_BOUND),
        (100, OdiBand.BED_BOUND),
    ],
)
def test_odi_band_on_exact_values(value, band):
    assert odi_band(value) == band


def test_odi_band_above_100_raises():
    with pytest.raises(ValueError):
        odi_band(Decimal("100.1"))


def test_odi_one_skipped_is_valid_with_denominator_45():
    score = score_odi([3, 3, 3, 3, 3, 3, 3, 3, 3, None])
    assert (score.raw, score.answered, score.valid) == (27, 9, True)
    assert score.exact == 60
    assert score.band == OdiBand.SEVERE


def test_odi_two_skipped_is_invalid_but_scored_over_40():
    score = score_odi([2, 1, 2, 1, 2, 2, 1, None, None, 4])
    assert score.raw == 15
    assert score.answered == 8
    assert score.valid is False
    # 15/40 = 37.5 % (not 15/45 = 33.3 nor 15/50 = 30).
    assert score.exact == Fraction(75, 2)
    assert score.percent == Decimal("37.5")
    assert score.band == OdiBand.MODERATE
    assert score.as_dict() == {"percent": 37.5, "band": "moderate", "answered": 8, "valid": False}


def test_odi_many_skipped_still_uses_reduced_denominator():
    score = score_odi([None, None, None, None, None, None, None, None, None, 3])
    assert (score.raw, score.answered, score.valid) == (3, 1, False)
    assert score.exact == 60
    assert score.band == OdiBand.SEVERE


def test_odi_all_skipped_has_no_percent_and_no_band():
    score = score_odi([None] * 10)
    assert score.raw == 0
    assert score.answered == 0
    assert score.exact is None
    assert score.percent is None
    assert score.band is None
    assert score.valid is False
    assert score.as_dict() == {"percent": None, "band": None, "answered": 0, "valid": False}


@pytest.mark.parametrize(
    "sections",
    [
        pytest.param([1] * 9, id="nine-sections"),
        pytest.param([1] * 11, id="eleven-sections"),
        pytest.param([], id="empty"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, 6], id="a-six"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, -1], id="negative"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, True], id="a-bool"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, False], id="a-false"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, 2.0], id="a-float"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1, 1, "2"], id="a-string"),
    ],
)
def test_odi_invalid_input_raises(sections):
    with pytest.raises(ValueError):
        score_odi(sections)


def test_odi_score_is_immutable():
    score = score_odi([1] * 10)
    with pytest.raises(AttributeError):
        score.raw = 3  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# Half-up rounding
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, places, expected",
    [
        # Python's round()/ROUND_HALF_EVEN would give 0.2, 2.4, 0.0 and 2.
        (Decimal("0.25"), 1, Decimal("0.3")),
        (Decimal("2.45"), 1, Decimal("2.5")),
        (Decimal("0.05"), 1, Decimal("0.1")),
        (Decimal("2.5"), 0, Decimal("3")),
        (Decimal("35.55"), 1, Decimal("35.6")),
        (Decimal("-0.25"), 1, Decimal("-0.3")),
        (Fraction(1, 4), 1, Decimal("0.3")),
        (Fraction(-1, 4), 1, Decimal("-0.3")),
        (Fraction(320, 9), 1, Decimal("35.6")),
        (Fraction(200, 9), 1, Decimal("22.2")),
        (Fraction(1, 3), 1, Decimal("0.3")),
        # Floats go through their shortest repr, so 0.15 is 0.15 (round(0.15, 1) gives 0.1).
        (0.15, 1, Decimal("0.2")),
        (2.675, 2, Decimal("2.68")),
        (0.25, 1, Decimal("0.3")),
        (7, 1, Decimal("7.0")),
        (Decimal("0.24"), 1, Decimal("0.2")),
    ],
)
def test_round_half_up(value, places, expected):
    result = round_half_up(value, places)
    assert isinstance(result, Decimal)
    assert result == expected
    assert result.as_tuple().exponent == -places


def test_round_half_up_differs_from_builtin_round_on_halves():
    assert round(Decimal("0.25"), 1) == Decimal("0.2")  # half to even
    assert round_half_up(Decimal("0.25"), 1) == Decimal("0.3")
    assert round(0.15, 1) == 0.1
    assert round_half_up(0.15, 1) == Decimal("0.2")


def test_round_half_up_default_is_one_place():
    assert str(round_half_up(Fraction(1, 4))) == "0.3"


def test_no_odi_value_needs_a_half_tie_at_one_decimal():
    # Every achievable ODI is 20k/n (n = 1..10 answered); none has a tie at the second decimal,
    # so half-up vs half-even cannot differ on a real ODI score. This pins that reasoning.
    for answered in range(1, 11):
        for raw in range(0, 5 * answered + 1):
            exact = Fraction(100 * raw, 5 * answered)
            hundredths = exact * 100
            assert not (hundredths.denominator == 1 and hundredths.numerator % 10 == 5)
            score = score_odi(_sections(raw, answered))
            assert score.exact == exact
            assert score.percent == round_half_up(exact, 1)


# --------------------------------------------------------------------------------------------------
# STarT Back: the §7 vectors
# --------------------------------------------------------------------------------------------------

# §7 writes item 9 as "very much"; the contract's code is "very_much".
SB_VECTORS = [
    ("SB-01", [0, 0, 0, 0, 0, 0, 0, 0], "slightly", 0, 0, StartBackRisk.LOW),
    ("SB-02", [1, 1, 1, 0, 0, 0, 0, 0], "moderately", 3, 0, StartBackRisk.LOW),
    ("SB-03", [1, 1, 1, 1, 0, 0, 0, 0], "very_much", 5, 1, StartBackRisk.MEDIUM),
    ("SB-04", [0, 0, 0, 0, 1, 1, 1, 1], "extremely", 5, 5, StartBackRisk.HIGH),
]


@pytest.mark.parametrize(
    "items, bothersomeness, total, psychosocial, risk",
    [v[1:] for v in SB_VECTORS],
    ids=[v[0] for v in SB_VECTORS],
)
def test_startback_reference_vectors(items, bothersomeness, total, psychosocial, risk):
    score = score_startback(items, bothersomeness)
    assert isinstance(score, StartBackScore)
    assert score.total == total
    assert score.psychosocial == psychosocial
    assert score.risk == risk
    assert score.as_dict() == {"total": total, "psychosocial": psychosocial, "risk": risk.value}


@pytest.mark.parametrize(
    "bothersomeness, item9",
    [
        ("not_at_all", 0),
        ("slightly", 0),
        ("moderately", 0),
        ("very_much", 1),
        ("extremely", 1),
    ],
)
def test_startback_item9_recoding(bothersomeness, item9):
    score = score_startback([0] * 8, bothersomeness)
    assert score.total == item9
    assert score.psychosocial == item9
    assert score.risk == StartBackRisk.LOW


def test_startback_item9_covers_every_bothersomeness_code():
    assert set(Bothersomeness.values) == {"not_at_all", "slightly", "moderately", "very_much", "extremely"}


@pytest.mark.parametrize("item", range(1, 9))
def test_startback_psychosocial_is_items_5_to_9(item):
    items = [0] * 8
    items[item - 1] = 1
    score = score_startback(items, "not_at_all")
    assert score.total == 1
    assert score.psychosocial == (1 if item >= 5 else 0)


def test_startback_contract_example():
    score = score_startback([1, 0, 0, 0, 1, 1, 1, 0], "very_much")
    assert score.as_dict() == {"total": 5, "psychosocial": 4, "risk": "high"}


@pytest.mark.parametrize(
    "items, bothersomeness, total, psychosocial, risk",
    [
        # Total 3 is low even with the whole total psychosocial.
        pytest.param([0, 0, 0, 0, 1, 1, 0, 0], "very_much", 3, 3, StartBackRisk.LOW, id="t3-p3-low"),
        pytest.param([0, 0, 0, 0, 1, 1, 1, 0], "slightly", 3, 3, StartBackRisk.LOW, id="t3-p3-low-items"),
        # Total 4 with psychosocial 3 is medium.
        pytest.param([1, 0, 0, 0, 1, 1, 0, 0], "extremely", 4, 3, StartBackRisk.MEDIUM, id="t4-p3-medium"),
        pytest.param([1, 1, 1, 1, 0, 0, 0, 0], "not_at_all", 4, 0, StartBackRisk.MEDIUM, id="t4-p0-medium"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 0], "moderately", 7, 3, StartBackRisk.MEDIUM, id="t7-p3-medium"),
        # Psychosocial 4 is high.
        pytest.param([0, 0, 0, 0, 1, 1, 1, 1], "not_at_all", 4, 4, StartBackRisk.HIGH, id="t4-p4-high"),
        pytest.param([0, 0, 0, 0, 1, 1, 1, 0], "very_much", 4, 4, StartBackRisk.HIGH, id="t4-p4-high-item9"),
        pytest.param([1, 1, 1, 1, 1, 1, 1, 1], "extremely", 9, 5, StartBackRisk.HIGH, id="t9-p5-high"),
    ],
)
def test_startback_risk_boundaries(items, bothersomeness, total, psychosocial, risk):
    score = score_startback(items, bothersomeness)
    assert (score.total, score.psychosocial, score.risk) == (total, psychosocial, risk)


@pytest.mark.parametrize(
    "items, bothersomeness",
    [
        pytest.param([0] * 7, "slightly", id="seven-items"),
        pytest.param([0] * 9, "slightly", id="nine-items"),
        pytest.param([0, 0, 0, 0, 0, 0, 0, 2], "slightly", id="a-two"),
        pytest.param([0, 0, 0, 0, 0, 0, 0, -1], "slightly", id="negative"),
        pytest.param([0, 0, 0, 0, 0, 0, 0, True], "slightly", id="a-bool"),
        pytest.param([0, 0, 0, 0, 0, 0, 0, None], "slightly", id="a-none"),
        pytest.param([0, 0, 0, 0, 0, 0, 0, "1"], "slightly", id="a-string"),
        pytest.param([0] * 8, "very much", id="bothersomeness-with-space"),
        pytest.param([0] * 8, "Very much", id="bothersomeness-label"),
        pytest.param([0] * 8, "", id="bothersomeness-empty"),
        pytest.param([0] * 8, "sometimes", id="bothersomeness-unknown"),
    ],
)
def test_startback_invalid_input_raises(items, bothersomeness):
    with pytest.raises(ValueError):
        score_startback(items, bothersomeness)


@pytest.mark.parametrize("odd", [1.0, Decimal("1")], ids=["float", "decimal"])
def test_startback_rejects_non_integer_answers(odd):
    with pytest.raises(ValueError):
        score_startback([1, 1, 1, odd, 0, 0, 0, 0], "slightly")


# --------------------------------------------------------------------------------------------------
# BMI
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "height_cm, weight_kg, expected",
    [
        (170, 70, "24.2"),  # 24.221...
        (180, 81, "25.0"),  # exactly 25
        (Decimal("180"), Decimal("81"), "25.0"),
        (200, Decimal("89.8"), "22.5"),  # exactly 22.45: half-up (half-even would give 22.4)
        (200, 89.8, "22.5"),  # same via float
        (100, Decimal("22.45"), "22.5"),
        (200, Decimal("89.4"), "22.4"),  # 22.35 -> 22.4 (half-up; half-even would also give 22.4)
        (200, Decimal("89.0"), "22.3"),  # 22.25 -> 22.3 (half-even would give 22.2)
        (165.5, 60, "21.9"),  # 21.905...
    ],
)
def test_body_mass_index(height_cm, weight_kg, expected):
    bmi = body_mass_index(height_cm, weight_kg)
    assert isinstance(bmi, Decimal)
    assert str(bmi) == expected


@pytest.mark.parametrize("height_cm", [0, -170])
def test_body_mass_index_non_positive_height_raises(height_cm):
    with pytest.raises(ValueError):
        body_mass_index(height_cm, 70)


# --------------------------------------------------------------------------------------------------
# Duration stage
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days, stage",
    [
        (0, Stage.ACUTE),
        (41, Stage.ACUTE),
        (42, Stage.SUBACUTE),
        (83, Stage.SUBACUTE),
        (84, Stage.CHRONIC),
        (36500, Stage.CHRONIC),
    ],
)
def test_stage_default_thresholds(days, stage):
    assert stage_for_duration(days) == stage
    assert stage_for_duration(days, StageThresholds()) == stage


def test_stage_default_thresholds_are_six_and_twelve_weeks():
    assert StageThresholds() == StageThresholds(subacute_from_days=42, chronic_from_days=84)


@pytest.mark.parametrize(
    "days, stage",
    [
        (0, Stage.ACUTE),
        (27, Stage.ACUTE),
        (28, Stage.SUBACUTE),
        (89, Stage.SUBACUTE),
        (90, Stage.CHRONIC),
    ],
)
def test_stage_custom_thresholds(days, stage):
    thresholds = StageThresholds(subacute_from_days=28, chronic_from_days=90)
    assert stage_for_duration(days, thresholds) == stage


@pytest.mark.parametrize("days", [-1, -100])
def test_stage_negative_duration_raises(days):
    with pytest.raises(ValueError):
        stage_for_duration(days)
