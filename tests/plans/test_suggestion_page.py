"""The suggestion page shows the v2 plan: JOSPT category, care pathway and its effect, the basis of
the movement direction, the rule behind each exercise and the causes as relative strength; a
suggestion stored before v2 still renders."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.plan import build_plan
from plans.clinical.engine.results import RankedCause, Suggestion
from plans.clinical.scoring import score_startback
from plans.clinical.triage import Triage
from plans.clinical.vocabulary import CpgCategory, PlanRule, Stage, TriageLevel
from tests.clinical.plan_catalog import manifest_catalog
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

NO_FLAGS = Triage(level=TriageLevel.NONE, reasons=(), flags=())
CAUSES = (
    RankedCause("herniated_disc", "Herniated disc", "A disc bulge.", 0.8, ("positive_slr",), ()),
    RankedCause("muscle_strain_sprain", "Muscle strain", "An overloaded muscle.", 0.4, ("muscle_spasm",), ()),
)


def v2_suggestion(findings: set[str], *, startback: list[int]) -> dict:
    assessment = AssessmentInput(
        age=40, region="lumbar", onset="sudden", duration_days=10, findings=frozenset(findings)
    )
    score = score_startback(startback, "slightly")
    plan = build_plan(
        assessment, manifest_catalog(), Stage.ACUTE, NO_FLAGS, None, str(score.risk), CAUSES, goals=()
    )
    suggestion = Suggestion(
        triage=NO_FLAGS,
        stage="acute",
        odi=None,
        startback=score,
        causes=CAUSES,
        plan=plan,
        cpg_category=CpgCategory.RELATED_LOWER_EXTREMITY_PAIN,
        cpg_matches=(CpgCategory.COGNITIVE_AFFECTIVE_TENDENCIES, CpgCategory.RELATED_LOWER_EXTREMITY_PAIN),
    )
    return dict(suggestion.as_dict())


def page(client, episode, suggestion: dict) -> str:
    assessment = AssessmentFactory(episode=episode, assessed_by=episode.patient.primary_therapist)
    assessment.suggestion = suggestion
    assessment.save()
    response = client.get(reverse("plans:assessment_detail", args=[assessment.code]))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


LOW_RISK = [0, 0, 0, 0, 0, 0, 0, 0]


def test_low_risk_tested_plan(therapist_client, episode):
    html = page(therapist_client, episode, v2_suggestion({"centralizes_with_extension"}, startback=LOW_RISK))
    words = text(html)
    assert CpgCategory.RELATED_LOWER_EXTREMITY_PAIN.label in words
    assert "Also matches: " + CpgCategory.COGNITIVE_AFFECTIVE_TENDENCIES.label in words
    assert "Low risk (STarT Back): self-management, at most 3 exercises" in words
    assert "first review in 4 weeks" in words
    assert "Tested: repeated movements centralised the symptoms" in words
    assert PlanRule.DIRECTION_TESTED.label in words


def test_causes_as_relative_strength_without_percentages(therapist_client, episode):
    html = page(therapist_client, episode, v2_suggestion(set(), startback=LOW_RISK))
    causes = section(html, "causes-heading")
    assert "%" not in causes
    assert "Strongest" in causes and "Moderate" in causes  # 0.4 is half of 0.8
    assert 'aria-label="Strongest match, relative to the strongest"' in causes
    assert 'aria-label="Moderate match, relative to the strongest"' in causes


def test_trial_and_each_exercise_rule(therapist_client, episode):
    suggestion = v2_suggestion({"worse_with_flexion_or_sitting"}, startback=[1, 1, 1, 1, 1, 1, 1, 1])
    html = page(therapist_client, episode, suggestion)
    table = html[html.index('data-testid="proposed-exercises"') : html.index("</table>")]
    rules = re.findall(r'data-testid="exercise-rule">(.*?)</td>', table, re.S)
    assert len(rules) == len(suggestion["plan"]["exercises"])
    labels = {PlanRule(e["rule"]).label for e in suggestion["plan"]["exercises"]}
    assert labels <= {text(r).replace("trial", "").strip() for r in rules}
    assert ">trial</span>" in table
    words = text(html)
    assert "Trial: guessed from aggravating and easing postures" in words
    assert "High risk (STarT Back): psychologically informed physiotherapy" in words
    assert PlanRule.GRADED_ACTIVITY.label in words


V1_SUGGESTION = {
    "triage": {"level": "none", "reasons": []},
    "stage": "acute",
    "scores": {"startback": {"total": 5, "psychosocial": 4, "risk": "high"}},
    "causes": [
        {"code": "muscle_strain_sprain", "score": 0.82, "supporting": ["muscle_spasm"], "against": []},
        {"code": "herniated_disc", "score": 0.3, "supporting": ["positive_slr"], "against": []},
    ],
    "plan": {
        "exercises": [
            {
                "slug": "pelvic-tilt",
                "name": "Pelvic tilt",
                "kind": "mobility",
                "loaded_spinal_flexion": False,
                "sets": 2,
                "reps": 10,
                "hold_seconds": None,
                "times_per_day": 2,
                "days_per_week": 7,
                "reason": "Gentle movement.",
            }
        ],
        "education": [{"slug": "stay-active", "title": "Keep moving"}],
        "activity_advice": ["Stay active."],
        "referral": None,
        "notes": [],
        "goals": [{"measure": "nprs", "target": 4, "due_in_days": 28}],
        "review_in_days": 14,
    },
}


def test_a_v1_stored_suggestion_still_renders(therapist_client, episode):
    html = page(therapist_client, episode, V1_SUGGESTION)
    words = text(html)
    assert "Pelvic tilt" in words and "Pain at most 4 within 28 days" in words
    assert "Care pathway" not in words and "JOSPT category" not in words
    assert "%" not in section(html, "causes-heading")
    assert "Weak" in section(html, "causes-heading")
