"""POST /api/v1/suggest, v2 request and scores over real HTTP: PSFS, RMDQ and FABQ scored exactly
(api-contract.md "POST /api/v1/suggest", clinical-reference.md §1.4-1.6, §8.12), pregnancy weeks
and walking tolerance, each 400 on its dotted field path, no 500 for any body, the contract goals
with their comparators, and the cause and classification keys."""

import copy

import pytest

from tests.api import SUGGEST_URL, token_client
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST

REQUIRED = {"age": 45, "region": "lumbar", "onset": "sudden", "duration_days": 10}
RMDQ_NINE = [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
FABQ_EXAMPLE = [1, 3, 4, 2, 5, 6, 4, 0, 3, 5, 2, 6, 1, 0, 4, 2]


@pytest.fixture
def api(therapist):
    return token_client(therapist)


def _post(client, body):
    return client.post(SUGGEST_URL, body, format="json")


def _ok(client, **fields):
    response = _post(client, {**REQUIRED, **fields})
    assert response.status_code == 200, response.content
    return response.json()


def _example(**changes):
    body = copy.deepcopy(CONTRACT_EXAMPLE_REQUEST)
    body.update(changes)
    return body


def _fabq(**answers):
    """The contract example's items with some (1-based item number) replaced."""
    items = list(FABQ_EXAMPLE)
    for name, value in answers.items():
        items[int(name.removeprefix("i")) - 1] = value
    return {"items": items}


# The contract example -----------------------------------------------------------------------------


def test_contract_example_scores_goals_and_keys(api):
    body = _post(api, CONTRACT_EXAMPLE_REQUEST).json()
    assert body["rules_version"] == 2
    assert body["scores"]["psfs"] == {"mean": 4.0, "items": 3}
    assert body["scores"]["rmdq"] == {"total": 9}
    assert body["scores"]["fabq"] == {"pa": 14, "w": 30, "pa_high": False, "w_high": False}
    assert body["causes_withheld"] is False
    assert body["serious_pathology_suspected"] == []
    assert body["causes"][0]["code"] == "muscle_strain_sprain"
    assert body["cpg_category"] == "cognitive_affective_tendencies"
    assert body["cpg_matches"] == ["cognitive_affective_tendencies", "mobility_deficits"]
    assert body["plan"]["goals"] == [
        {"measure": "nprs", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "odi", "target": 26, "comparator": "<=", "due_in_days": 28},
        {"measure": "rmdq", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "psfs", "target": 6.0, "comparator": ">=", "due_in_days": 28},
    ]


def test_each_score_only_when_its_questionnaire_was_sent(api):
    assert _ok(api)["scores"] == {}
    assert set(_ok(api, psfs={"items": [3, 5, 4]})["scores"]) == {"psfs"}
    assert set(_ok(api, rmdq={"items": RMDQ_NINE})["scores"]) == {"rmdq"}
    assert set(_ok(api, fabq={"items": FABQ_EXAMPLE})["scores"]) == {"fabq"}


# PSFS: mean of the ratings, 2 dp half-up (exact fraction) -------------------------------------------


@pytest.mark.parametrize(
    ("items", "mean"),
    [
        ([3, 5, 4], 4.0),
        ([4, 5, 4], 4.33),  # 13/3
        ([2, 3, 3], 2.67),  # 8/3 = 2.666..., half-up
        ([1, 1, 0], 0.67),
        ([0, 0, 1], 0.33),
        ([10, 10, 9], 9.67),
        ([7, 8, 8, 8], 7.75),
        ([1, 2, 2, 2, 2], 1.8),
        ([0, 0, 0], 0.0),
        ([10, 10, 10, 10, 10], 10.0),
    ],
)
def test_psfs_mean_from_the_published_rule(api, items, mean):
    assert _ok(api, psfs={"items": items})["scores"]["psfs"] == {"mean": mean, "items": len(items)}


def test_psfs_activities_are_optional_and_do_not_change_the_score(api):
    with_words = _ok(api, psfs={"items": [3, 5, 4], "activities": ["Gardening", "Stairs", "x" * 100]})
    assert with_words["scores"] == _ok(api, psfs={"items": [3, 5, 4]})["scores"]
    assert _ok(api, psfs={"items": [3, 5, 4], "activities": None})["scores"]["psfs"]["mean"] == 4.0


# RMDQ: number of statements that apply ------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total"), [(RMDQ_NINE, 9), ([0] * 24, 0), ([1] * 24, 24), ([1] * 5 + [0] * 19, 5)]
)
def test_rmdq_total(api, items, total):
    assert _ok(api, rmdq={"items": items})["scores"]["rmdq"] == {"total": total}


# FABQ: PA = items 2-5, W = items 6, 7, 9-12, 15; a null scored item nulls its subscale and flag ------


def test_fabq_null_in_a_scored_item_nulls_the_subscale_and_its_flag(api):
    assert _ok(api, fabq=_fabq(i3=None))["scores"]["fabq"] == {
        "pa": None,
        "w": 30,
        "pa_high": None,
        "w_high": False,
    }
    assert _ok(api, fabq=_fabq(i15=None))["scores"]["fabq"] == {
        "pa": 14,
        "w": None,
        "pa_high": False,
        "w_high": None,
    }
    assert _ok(api, fabq={"items": [None] * 16})["scores"]["fabq"] == {
        "pa": None,
        "w": None,
        "pa_high": None,
        "w_high": None,
    }


def test_fabq_null_in_an_unscored_item_is_still_scored(api):
    unscored = _fabq(i1=None, i8=None, i13=None, i14=None, i16=None)
    assert _ok(api, fabq=unscored)["scores"]["fabq"] == {"pa": 14, "w": 30, "pa_high": False, "w_high": False}


def test_fabq_cut_offs_are_strictly_above(api):
    # PA 15 > 14 and W 35 > 34 are high; 14 and 34 are not.
    assert _ok(api, fabq=_fabq(i2=4))["scores"]["fabq"]["pa_high"] is True
    high_w = _fabq(i6=6, i7=6, i9=6, i10=6, i11=5, i12=6, i15=0)  # 35
    assert _ok(api, fabq=high_w)["scores"]["fabq"]["w"] == 35
    assert _ok(api, fabq=high_w)["scores"]["fabq"]["w_high"] is True
    edge_w = _fabq(i6=6, i7=6, i9=6, i10=6, i11=4, i12=6, i15=0)  # 34
    assert _ok(api, fabq=edge_w)["scores"]["fabq"] == {"pa": 14, "w": 34, "pa_high": False, "w_high": False}
    maximum = {"items": [6] * 16}
    assert _ok(api, fabq=maximum)["scores"]["fabq"] == {"pa": 24, "w": 42, "pa_high": True, "w_high": True}


def test_fabq_high_makes_cognitive_affective_tendencies(api):
    body = _ok(api, fabq=_fabq(i2=4), findings=["pain_with_movement"])
    assert body["cpg_matches"][0] == "cognitive_affective_tendencies"


# Goals -------------------------------------------------------------------------------------------


def _goals(api, **fields):
    return {
        g["measure"]: (g["target"], g["comparator"], g["due_in_days"])
        for g in _ok(api, **fields)["plan"]["goals"]
    }


def test_goals_follow_the_contract_rule(api):
    assert _goals(api, nprs=0) == {}
    assert _goals(api, nprs=1) == {"nprs": (0, "<=", 28)}
    assert _goals(api, odi=[1] * 10) == {"odi": (10, "<=", 28)}  # 20% - 10
    assert _goals(api, odi=[0, 0, 0, 0, 0, 0, 0, 0, 0, 4]) == {}  # 8%: below 10
    assert _goals(api, rmdq={"items": [1] * 4 + [0] * 20}) == {}
    assert _goals(api, rmdq={"items": [1] * 5 + [0] * 19}) == {"rmdq": (0, "<=", 28)}
    assert _goals(api, psfs={"items": [2, 3, 3]}) == {"psfs": (4.7, ">=", 28)}  # 8/3 + 2 = 4.67
    assert _goals(api, psfs={"items": [4, 5, 4]}) == {"psfs": (6.3, ">=", 28)}
    assert _goals(api, psfs={"items": [8, 8, 8]}) == {"psfs": (10.0, ">=", 28)}
    assert _goals(api, psfs={"items": [8, 8, 9]}) == {}  # 8.33 > 8


# Pregnancy weeks and walking tolerance ------------------------------------------------------------


def test_pregnancy_weeks_with_pregnancy_and_walking_tolerance_accepted(api):
    _ok(api, pregnancy_weeks=1, findings=["pregnant"])
    _ok(api, pregnancy_weeks=42, findings=["pregnant", "pelvic_girdle_pain"])
    _ok(api, walking_tolerance_minutes=1)
    _ok(api, walking_tolerance_minutes=240)


# Bad input: 400 on the field's dotted path --------------------------------------------------------

BAD_INPUTS = [
    ("psfs-2-items", {"psfs": {"items": [3, 5]}}, "psfs.items"),
    ("psfs-6-items", {"psfs": {"items": [3, 5, 4, 4, 4, 4]}}, "psfs.items"),
    ("psfs-no-items", {"psfs": {"activities": ["a", "b", "c"]}}, "psfs.items"),
    ("psfs-item-11", {"psfs": {"items": [3, 5, 11]}}, "psfs.items.2"),
    ("psfs-item-negative", {"psfs": {"items": [-1, 5, 4]}}, "psfs.items.0"),
    ("psfs-item-fraction", {"psfs": {"items": [3, 5.5, 4]}}, "psfs.items.1"),
    ("psfs-item-string", {"psfs": {"items": ["3", 5, 4]}}, "psfs.items.0"),
    ("psfs-item-null", {"psfs": {"items": [3, None, 4]}}, "psfs.items.1"),
    ("psfs-item-bool", {"psfs": {"items": [3, 5, True]}}, "psfs.items.2"),
    ("psfs-not-an-object", {"psfs": [3, 5, 4]}, "psfs"),
    ("psfs-activities-shorter", {"psfs": {"items": [3, 5, 4], "activities": ["a", "b"]}}, "psfs.activities"),
    (
        "psfs-activities-longer",
        {"psfs": {"items": [3, 5, 4], "activities": ["a", "b", "c", "d"]}},
        "psfs.activities",
    ),
    (
        "psfs-activity-empty",
        {"psfs": {"items": [3, 5, 4], "activities": ["a", "", "c"]}},
        "psfs.activities.1",
    ),
    (
        "psfs-activity-101",
        {"psfs": {"items": [3, 5, 4], "activities": ["x" * 101, "b", "c"]}},
        "psfs.activities.0",
    ),
    (
        "psfs-activity-number",
        {"psfs": {"items": [3, 5, 4], "activities": ["a", "b", 3]}},
        "psfs.activities.2",
    ),
    ("psfs-activities-string", {"psfs": {"items": [3, 5, 4], "activities": "abc"}}, "psfs.activities"),
    ("rmdq-23-items", {"rmdq": {"items": [0] * 23}}, "rmdq.items"),
    ("rmdq-25-items", {"rmdq": {"items": [0] * 25}}, "rmdq.items"),
    ("rmdq-item-2", {"rmdq": {"items": [0] * 5 + [2] + [0] * 18}}, "rmdq.items.5"),
    ("rmdq-item-null", {"rmdq": {"items": [None] + [0] * 23}}, "rmdq.items.0"),
    ("rmdq-item-bool", {"rmdq": {"items": [0] * 23 + [True]}}, "rmdq.items.23"),
    ("rmdq-not-an-object", {"rmdq": 9}, "rmdq"),
    ("fabq-15-items", {"fabq": {"items": [0] * 15}}, "fabq.items"),
    ("fabq-17-items", {"fabq": {"items": [0] * 17}}, "fabq.items"),
    ("fabq-item-7", {"fabq": {"items": [0, 0, 0, 7] + [0] * 12}}, "fabq.items.3"),
    ("fabq-item-negative", {"fabq": {"items": [0] * 15 + [-1]}}, "fabq.items.15"),
    ("fabq-item-string", {"fabq": {"items": ["2"] + [0] * 15}}, "fabq.items.0"),
    ("fabq-no-items", {"fabq": {}}, "fabq.items"),
    ("pregnancy-weeks-without-pregnant", {"pregnancy_weeks": 20}, "pregnancy_weeks"),
    ("pregnancy-weeks-postpartum", {"pregnancy_weeks": 20, "findings": ["postpartum"]}, "pregnancy_weeks"),
    ("pregnancy-weeks-0", {"pregnancy_weeks": 0, "findings": ["pregnant"]}, "pregnancy_weeks"),
    ("pregnancy-weeks-43", {"pregnancy_weeks": 43, "findings": ["pregnant"]}, "pregnancy_weeks"),
    ("pregnancy-weeks-string", {"pregnancy_weeks": "20", "findings": ["pregnant"]}, "pregnancy_weeks"),
    ("pregnancy-weeks-fraction", {"pregnancy_weeks": 20.5, "findings": ["pregnant"]}, "pregnancy_weeks"),
    ("walking-0", {"walking_tolerance_minutes": 0}, "walking_tolerance_minutes"),
    ("walking-241", {"walking_tolerance_minutes": 241}, "walking_tolerance_minutes"),
    ("walking-string", {"walking_tolerance_minutes": "10"}, "walking_tolerance_minutes"),
    (
        "extension-both-ways",
        {"findings": ["centralizes_with_extension", "peripheralizes_with_extension"]},
        "findings",
    ),
    (
        "flexion-both-ways",
        {"findings": ["centralizes_with_flexion", "peripheralizes_with_flexion"]},
        "findings",
    ),
]


@pytest.mark.parametrize(("fields", "key"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_400_on_the_field(api, fields, key):
    response = _post(api, {**REQUIRED, **fields})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [key], errors
    assert errors[key] and all(isinstance(m, str) for m in errors[key])


def test_several_bad_questionnaires_reported_together(api):
    body = {
        **REQUIRED,
        "psfs": {"items": [3, 11, 4]},
        "rmdq": {"items": [0] * 23 + [5]},
        "fabq": {"items": [0, 9] + [0] * 14},
        "walking_tolerance_minutes": 0,
    }
    errors = _post(api, body).json()
    assert set(errors) == {"psfs.items.1", "rmdq.items.23", "fabq.items.1", "walking_tolerance_minutes"}


JUNK = [
    None,
    True,
    0,
    -1,
    1.5,
    1e308,
    "x",
    "",
    [],
    [None],
    [[]],
    {},
    {"items": None},
    {"items": "x"},
    {"items": {}},
]


@pytest.mark.parametrize("key", ["psfs", "rmdq", "fabq", "pregnancy_weeks", "walking_tolerance_minutes"])
@pytest.mark.parametrize("value", JUNK, ids=[repr(v)[:20] for v in JUNK])
def test_no_500_for_any_value_of_a_new_field(api, key, value):
    response = _post(api, {**REQUIRED, key: value, "findings": ["pregnant"]})
    assert response.status_code in (200, 400), response.content
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "value",
    [
        {"items": [1, 2, 3], "activities": [None, None, None]},
        {"items": [1, 2, 3], "activities": [[], {}, 1]},
        {"items": [1, 2, 3], "activities": {"a": 1}},
        {"items": [[1], [2], [3]]},
        {"items": [1e308, 2, 3]},
        {"items": [10**400, 2, 3]},
    ],
)
def test_no_500_for_nested_psfs_junk(api, value):
    response = _post(api, {**REQUIRED, "psfs": value})
    assert response.status_code == 400, response.content
    assert all(key.startswith("psfs") for key in response.json())


# Causes through the API ---------------------------------------------------------------------------


def test_aortic_pain_withholds_causes(api):
    # V2-TR-11.
    body = _ok(api, age=72, sex="male", duration_days=0, mechanism="none", findings=["tearing_pain"])
    assert body["triage"]["level"] == "emergency"
    assert body["causes_withheld"] is True
    assert body["serious_pathology_suspected"] == ["vascular"]
    assert body["causes"] == []
    assert body["cpg_category"] is None and body["cpg_matches"] == []
    assert body["plan"] is None


def test_no_cause_fitting_falls_back_to_nonspecific(api):
    body = _ok(api, age=35, onset="gradual", mechanism="none", findings=["pain_with_movement"])
    top = body["causes"][0]
    assert (top["code"], top["score"], top["supporting"], top["against"]) == (
        "nonspecific_mechanical",
        0.5,
        ["no_specific_cause"],
        [],
    )


def test_obesity_load_needs_a_recorded_bmi(api):
    codes = [
        c["code"] for c in _ok(api, onset="gradual", duration_days=200, findings=["sedentary"])["causes"]
    ]
    assert "obesity_load" not in codes
    codes = [
        c["code"]
        for c in _ok(api, onset="gradual", duration_days=200, bmi=30, findings=["sedentary"])["causes"]
    ]
    assert "obesity_load" in codes


def test_stenosis_claudication_cpg_radiating_pain(api):
    # V2-TR-05.
    body = _ok(
        api,
        age=72,
        sex="female",
        onset="gradual",
        duration_days=365,
        mechanism="none",
        pain_distribution="buttock_thigh",
        findings=[
            "bilateral_leg_symptoms",
            "walking_intolerance",
            "relief_with_sitting_or_flexion",
            "worse_with_extension_or_standing",
            "osteoarthritis",
        ],
    )
    assert body["triage"] == {"level": "none", "reasons": [], "flags": []}
    assert body["cpg_category"] == "radiating_pain"


def test_same_v2_request_twice_gives_identical_response(api):
    body = _example(pregnancy_weeks=None, walking_tolerance_minutes=30)
    assert _post(api, body).content == _post(api, body).content
