"""Every sentence a patient can read is plain: the library's text (names, steps, "If it hurts",
"Take care", the education leaflets) and everything the engine can write into a plan (why each
exercise is in it, the advice on staying active, the leaflets' titles), at about a 12-year-old's
reading level and without the jargon list of plans.clinical.patient_words.

The engine is run over every clinical vignette and a grid of requests (regions, stages, pain
spread, common finding patterns, STarT Back groups, and pregnancy, body weight and age variants)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cache

import pytest

from plans.clinical.catalog import load_catalog_json
from plans.clinical.dose import Dose
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.engine.results import PlanSuggestion
from plans.clinical.instructions import steps, take_care
from plans.clinical.patient_words import (
    GENERAL_WHY,
    KIND_WHY,
    jargon_in,
    kind_why,
    patient_reason,
    readability,
    sentences,
    syllables,
)
from plans.clinical.vocabulary import ExerciseKind, Finding, PainDistribution, Region
from tests.clinical.review_vignettes import VIGS
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST, VIGNETTES

CATALOG = load_catalog_json()
# Only approved exercises reach a plan, and only they are offered as an easier or harder variant.
APPROVED = [e for e in CATALOG.exercises if e.approved]

# --- The jargon finder and the reading level ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Suits likely foraminal stenosis and age-related degeneration.",
            ["Suits", "likely", "foraminal", "stenosis", "degeneration"],
        ),
        ("Walking, hold 15 min, once a day.", ["hold 15 min"]),
        ("Take care: None usual.", ["None usual"]),
        ("Spondylolisthesis and spondylosis", ["Spondylolisthesis", "spondylosis"]),
        ("Lying prone, then supine; a quadruped rock.", ["prone", "supine", "quadruped"]),
        ("Repeated lumbar flexion and thoracic extension", ["lumbar", "flexion", "thoracic", "extension"]),
        ("It centralizes, then peripheralises.", ["centralizes", "peripheralises"]),
        ("Bilateral radiculopathy; sacroiliac joint", ["Bilateral", "radiculopathy", "sacroiliac"]),
        (
            "Your NPRS, ODI, PSFS, RMDQ, FABQ and STarT Back scores",
            ["NPRS", "ODI", "PSFS", "RMDQ", "FABQ", "STarT"],
        ),
        ("A directional preference; contraindicated", ["directional preference", "contraindicated"]),
        (
            "Isometric hold, transversus activation, proprioception",
            ["Isometric", "transversus", "proprioception"],
        ),
        ("Sciatic nerve tensioner", ["tensioner"]),
        ("Shown as muscle_strain_sprain", ["muscle_strain_sprain"]),
        ("side-flexion", ["flexion"]),
    ],
)
def test_jargon_in_finds_the_listed_words(text: str, found: list[str]) -> None:
    assert jargon_in(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Lie on your back with your knees bent.",
        "Start slowly. It is unlikely to hurt.",  # "start" is not STarT; "unlikely" is not "likely"
        "Walk for 10 minutes. Hold for 30 seconds, 3 times.",
        "Lie face down on your front.",
        "Bend forward from your hips; lean back gently.",
        "Follow the steps below",
        "",
    ],
)
def test_plain_text_has_no_jargon(text: str) -> None:
    assert jargon_in(text) == []


def test_sentences_split_on_stops_and_lines() -> None:
    assert sentences("Lie down. Breathe in!\nLift your hips? Relax") == [
        "Lie down.",
        "Breathe in!",
        "Lift your hips?",
        "Relax",
    ]


@pytest.mark.parametrize(
    ("word", "count"),
    [("back", 1), ("move", 1), ("gentle", 2), ("breathe", 1), ("tummy", 2), ("exercise", 3), ("10", 1)],
)
def test_syllables_are_counted_roughly(word: str, count: int) -> None:
    assert syllables(word) == count


def test_plain_steps_read_at_a_young_readers_level() -> None:
    text = (
        "Lie on your back with your knees bent and your feet flat. Squeeze your bottom. "
        "Lift your hips until your body is straight from knees to shoulders. Hold for a moment. "
        "Lower slowly and rest."
    )
    assert readability(text).problems() == []


def test_clinical_prose_is_too_hard() -> None:
    text = (
        "Neurodynamic mobilisation techniques facilitate excursion of neural structures, potentially "
        "attenuating mechanosensitivity associated with radicular presentations, particularly "
        "following symptomatic intervertebral disc pathology characterised by persistent dysaesthesia "
        "and considerable functional limitation during prolonged sitting."
    )
    problems = readability(text).problems()
    assert any("grade" in p for p in problems) and any("words" in p for p in problems)


# --- The plain "why" ---------------------------------------------------------------------------------


def test_every_kind_has_a_plain_why() -> None:
    assert set(KIND_WHY) == set(ExerciseKind.values)
    for sentence in [*KIND_WHY.values(), GENERAL_WHY]:
        assert jargon_in(sentence) == [] and readability(sentence).problems() == []


@pytest.mark.parametrize(
    ("stored", "kind", "shown"),
    [
        # The first engine's reasons: the plain sentence stays, "Suits likely ..." goes.
        (
            "Gentle movement to ease stiffness and keep your back moving. Suits likely foraminal "
            "stenosis and age-related degeneration.",
            ExerciseKind.MOBILITY,
            "Gentle movement to ease stiffness and keep your back moving.",
        ),
        # Nothing plain left: the kind's sentence.
        ("Suits likely herniated disc.", ExerciseKind.STABILIZATION, KIND_WHY[ExerciseKind.STABILIZATION]),
        ("", ExerciseKind.AEROBIC, KIND_WHY[ExerciseKind.AEROBIC]),
        ("   ", "unknown_kind", GENERAL_WHY),
        # A therapist's plain reason is shown as written.
        (
            "To help you walk to the shops. Do it after your walk.",
            ExerciseKind.STRENGTHENING,
            "To help you walk to the shops. Do it after your walk.",
        ),
    ],
)
def test_patient_reason(stored: str, kind: str, shown: str) -> None:
    assert patient_reason(stored, kind) == shown
    assert jargon_in(patient_reason(stored, kind)) == []


def test_kind_why_falls_back_for_an_unknown_kind() -> None:
    assert kind_why("something_new") == GENERAL_WHY


# --- The library ---------------------------------------------------------------------------------------


def _library_texts() -> Iterator[tuple[str, str]]:
    for exercise in APPROVED:
        yield f"exercise {exercise.slug} name", exercise.name
        yield f"exercise {exercise.slug} steps", "\n".join(steps(exercise.instructions))
        yield f"exercise {exercise.slug} if it hurts", exercise.if_it_hurts
        yield f"exercise {exercise.slug} take care", take_care(exercise.precautions)
        yield f"exercise {exercise.slug} how much", exercise.dose.amount_in_words(exercise.kind)
        yield f"exercise {exercise.slug} how often", exercise.dose.how_often_in_words()
    for item in CATALOG.education:
        yield f"education {item.slug} title", item.title
        yield f"education {item.slug} summary", item.summary
        yield f"education {item.slug} body", item.body


Texts = Iterator[tuple[str, str]] | list[tuple[str, str]]
SHOWN = 15  # the first offenders a failure lists


def _assert_none(report: list[str]) -> None:
    assert not report, f"{len(report)} texts, the first {SHOWN}:\n" + "\n".join(report[:SHOWN])


def _jargon_report(texts: Texts) -> list[str]:
    return [f"{where}: {found} in {text!r}" for where, text in texts if (found := jargon_in(text))]


def _reading_report(texts: Texts) -> list[str]:
    return [
        f"{where}: {problems} in {text!r}"
        for where, text in texts
        if (problems := readability(text).problems())
    ]


def test_the_library_has_no_jargon() -> None:
    _assert_none(_jargon_report(_library_texts()))


def test_the_library_reads_at_about_a_12_year_olds_level() -> None:
    _assert_none(_reading_report(_library_texts()))


def test_the_library_as_a_whole_reads_at_grade_7_or_below() -> None:
    steps_and_advice = [text for where, text in _library_texts() if where.startswith("exercise")]
    leaflets = [text for where, text in _library_texts() if where.startswith("education")]
    assert readability(*steps_and_advice).grade <= 7
    assert readability(*leaflets).grade <= 7


@pytest.mark.parametrize("exercise", APPROVED, ids=[e.slug for e in APPROVED])
def test_library_doses_are_in_natural_units(exercise) -> None:
    amount = exercise.dose.amount_in_words(exercise.kind)
    if exercise.kind in (ExerciseKind.AEROBIC, ExerciseKind.RELAXATION, ExerciseKind.GRADED_ACTIVITY):
        assert "hold" not in amount.lower(), amount
    if exercise.dose.hold_seconds and exercise.dose.hold_seconds < 120:
        assert "seconds" in amount or "second" in amount, amount


# --- The engine ------------------------------------------------------------------------------------------

SB_LOW = {"items": [0, 0, 0, 0, 1, 0, 0, 0], "bothersomeness": "slightly"}
SB_MEDIUM = {"items": [1, 1, 0, 0, 1, 0, 1, 0], "bothersomeness": "moderately"}
SB_HIGH = {"items": [1, 0, 1, 1, 1, 1, 1, 0], "bothersomeness": "very_much"}
F = Finding
FINDING_PATTERNS: dict[str, dict[str, object]] = {
    "none": {"findings": []},
    "strain": {
        "findings": [F.MUSCLE_SPASM, F.LOCALIZED_TENDERNESS, F.PAIN_WITH_MOVEMENT],
        "mechanism": "lifting",
    },
    "disc": {
        "findings": [
            F.WORSE_WITH_FLEXION_OR_SITTING,
            F.CENTRALIZES_WITH_EXTENSION,
            F.POSITIVE_SLR,
            F.NUMBNESS,
        ]
    },
    "flexion-preference": {"findings": [F.CENTRALIZES_WITH_FLEXION, F.WORSE_WITH_EXTENSION_OR_STANDING]},
    "extension-worse": {"findings": [F.PERIPHERALIZES_WITH_EXTENSION, F.WORSE_WITH_EXTENSION_OR_STANDING]},
    "lateral-shift": {"findings": [F.LATERAL_SHIFT, F.CENTRALIZES_WITH_LATERAL_SHIFT_CORRECTION]},
    "stenosis": {
        "findings": [
            F.WALKING_INTOLERANCE,
            F.RELIEF_WITH_SITTING_OR_FLEXION,
            F.WORSE_WITH_EXTENSION_OR_STANDING,
        ],
        "walking_tolerance_minutes": 5,
    },
    "thin-bones": {"findings": [F.OSTEOPOROSIS, F.LONG_TERM_CORTICOSTEROIDS, F.OSTEOARTHRITIS]},
    "sport-extension": {"findings": [F.REPETITIVE_EXTENSION_SPORT, F.WORSE_WITH_EXTENSION_OR_STANDING]},
    "pelvic-girdle": {"findings": [F.PELVIC_GIRDLE_PAIN, F.SIJ_PROVOCATION_POSITIVE]},
    "inflammatory": {
        "findings": [
            F.SEVERE_MORNING_STIFFNESS,
            F.BETTER_WITH_EXERCISE_NOT_REST,
            F.NIGHT_WAKING_SECOND_HALF,
            F.ALTERNATING_BUTTOCK_PAIN,
        ]
    },
    "desk": {"findings": [F.DESK_WORK, F.SUSTAINED_POSTURE_AGGRAVATES, F.SLOUCHED_POSTURE, F.SEDENTARY]},
    "hard-job-flexion": {"findings": [F.STRENUOUS_JOB, F.PERIPHERALIZES_WITH_FLEXION, F.TINGLING]},
    "widespread": {
        "findings": [F.WIDESPREAD_PAIN, F.PAIN_INTENSIFYING, F.PREVIOUS_EPISODES],
        "recurrent": True,
    },
}
VARIANTS: dict[str, dict[str, object]] = {
    "adult": {"age": 45, "sex": "male"},
    "older": {"age": 78, "sex": "female"},
    "teen": {"age": 15, "sex": "male"},
    "heavy": {"age": 52, "sex": "female", "bmi": 38.0},
    "pregnant": {"age": 31, "sex": "female", "pregnancy_weeks": 26, "extra_findings": [F.PREGNANT]},
}
DAYS = {"acute": 5, "subacute": 30, "chronic": 120}
STARTBACK = {"none": None, "low": SB_LOW, "medium": SB_MEDIUM, "high": SB_HIGH}


def _grid_request(region, days, distribution, pattern, startback, variant) -> dict[str, object]:
    person = dict(VARIANTS[variant])
    extra = person.pop("extra_findings", [])
    shape = dict(FINDING_PATTERNS[pattern])
    findings = sorted({str(f) for f in [*shape.pop("findings"), *extra]})  # type: ignore[misc]
    request: dict[str, object] = {
        **person,
        **shape,
        "region": region,
        "onset": "gradual",
        "duration_days": DAYS[days],
        "pain_distribution": distribution,
        "nprs": 6,
        "findings": findings,
    }
    if STARTBACK[startback] is not None:
        request["startback"] = STARTBACK[startback]
    return request


def _requests() -> Iterator[tuple[str, dict[str, object]]]:
    """(a name, the request): the contract example, every vignette, then the grid."""
    yield "contract example", CONTRACT_EXAMPLE_REQUEST
    for v in [*VIGNETTES, *VIGS]:
        yield f"vignette {v['id']}", v["request"]
    for combo in itertools.product(
        Region.values, DAYS, PainDistribution.values, FINDING_PATTERNS, STARTBACK, VARIANTS
    ):
        yield "grid " + "/".join(combo), _grid_request(*combo)


@cache
def engine_texts() -> tuple[tuple[str, str], ...]:
    """Each distinct patient-facing string the engine wrote, with where it first came from."""
    seen: dict[str, str] = {}
    plans = 0
    for where, request in _requests():
        plan: PlanSuggestion | None = suggest(assessment_from_contract(request), CATALOG).plan
        if plan is None:
            continue
        plans += 1
        for exercise in plan.exercises:
            seen.setdefault(exercise.reason, f"why {exercise.slug} ({where})")
            seen.setdefault(
                exercise.dose.amount_in_words(exercise.kind), f"how much {exercise.slug} ({where})"
            )
        for line in plan.activity_advice:
            seen.setdefault(line, f"staying active ({where})")
        for ref in plan.education:
            seen.setdefault(ref.title, f"leaflet title {ref.slug} ({where})")
    assert plans > 1000  # the grid made plans, not only referrals
    return tuple((where, text) for text, where in seen.items())


def test_the_grid_covers_many_requests() -> None:
    assert sum(1 for _ in _requests()) > 8000


def test_the_engine_writes_no_jargon_for_patients() -> None:
    _assert_none(_jargon_report(list(engine_texts())))


def test_the_engine_writes_short_plain_sentences() -> None:
    _assert_none(_reading_report(list(engine_texts())))


def test_engine_reasons_are_plain_once_cleaned() -> None:
    """Whatever the engine stores, the portal and the PDF show its plain part (patient_reason)."""
    kinds = {e.slug: e.kind for e in CATALOG.exercises}
    shown = [
        (where, patient_reason(text, kinds[where.split()[1]]))
        for where, text in engine_texts()
        if where.startswith("why ")
    ]
    assert shown
    _assert_none(_jargon_report(shown))


def test_engine_doses_are_in_natural_units() -> None:
    walks = [text for where, text in engine_texts() if where.startswith("how much")]
    assert walks and not [text for text in walks if "hold" in text.lower() and "minutes" in text]


def test_doses_never_say_hold_in_minutes() -> None:
    for seconds in (120, 600, 1200):
        assert "hold" not in Dose(1, None, seconds, 1, 7).amount_in_words(ExerciseKind.AEROBIC).lower()


def test_the_engine_advice_as_a_whole_reads_at_grade_7_or_below() -> None:
    advice = [text for where, text in engine_texts() if where.startswith("staying active")]
    reasons = [text for where, text in engine_texts() if where.startswith("why ")]
    for texts in (advice, reasons):
        level = readability(*texts)
        assert level.grade <= 7 and level.words_per_sentence <= 20, level
