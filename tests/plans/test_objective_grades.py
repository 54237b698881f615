"""Range of motion as a grade through the real assessment and visit forms: a grade alone is stored
and shown beside its normal range, degrees and a grade for one movement are refused field by field
(form) and by the database, and a grade is judged as a reduced degree value is."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.clinical.objective import ROM_FIELDS
from plans.forms.objective import BOTH_GIVEN
from plans.models import Assessment, ObjectiveMeasures, Visit
from tests.factories import ObjectiveMeasuresFactory
from tests.plans.test_objective_measures import _post, _record, episode  # noqa: F401 (a fixture)
from tests.plans.test_visits import _visit, treated_episode  # noqa: F401 (a fixture)


def test_a_grade_alone_is_stored_and_shown_with_its_normal_range(therapist_client, episode):  # noqa: F811
    assessment = _record(
        therapist_client, episode, lumbar_flexion_grade="moderate", lumbar_extension_grade="full",
        thoracic_rotation_left="25",
    )  # fmt: skip
    measures = assessment.objective
    assert (measures.lumbar_flexion, measures.lumbar_flexion_grade) == (None, "moderate")
    html = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).content.decode()
    assert (
        "Lumbar flexion (grade)</th><td>Moderately reduced</td><td>full</td>"
        "<td><strong>Outside normal: moderately reduced (normal full)</strong>"
    ) in html
    assert "Lumbar extension (grade)</th><td>Full</td><td>full</td><td>Within normal" in html
    assert "Thoracic rotation left (degrees)</th><td>25°</td><td>30° or more</td>" in html


@pytest.mark.parametrize("movement", ROM_FIELDS)
def test_degrees_and_a_grade_together_are_refused_field_by_field(therapist_client, episode, movement):  # noqa: F811
    response = _post(therapist_client, episode, **{movement: "40", f"{movement}_grade": "mild"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[movement] == [BOTH_GIVEN] and errors[f"{movement}_grade"] == [BOTH_GIVEN]
    assert not Assessment.objects.exists()


def test_visit_form_refuses_both_and_keeps_a_grade(therapist_client, treated_episode):  # noqa: F811
    both = {"lumbar_flexion": "50", "lumbar_flexion_grade": "severe"}
    refused = _visit(therapist_client, treated_episode, 2, nprs="5", **both)
    assert refused.status_code == 200
    assert refused.context["form"].errors["lumbar_flexion_grade"] == [BOTH_GIVEN]
    assert not Visit.objects.exists()
    saved = _visit(therapist_client, treated_episode, 2, nprs="5", lumbar_flexion_grade="severe")
    assert saved.status_code == 302, saved.context["form"].errors
    assert Visit.objects.get().objective.lumbar_flexion_grade == "severe"


def test_a_grade_adds_the_findings_a_degree_value_adds(therapist_client, episode):  # noqa: F811
    neuro = {"myotome_l5_left": "4", "reflex_ankle_left": "absent"}
    by_degrees = _record(therapist_client, episode, lumbar_flexion="30", **neuro)
    by_grade = _record(therapist_client, episode, lumbar_flexion_grade="severe", **neuro)
    codes = [set(a.findings.values_list("code", flat=True)) for a in (by_degrees, by_grade)]
    assert codes[0] == codes[1]


def test_the_form_offers_degrees_or_a_grade(therapist_client, episode):  # noqa: F811
    html = therapist_client.get(reverse("plans:assessment_create", args=[episode.code])).content.decode()
    assert "Range of motion (degrees or a grade, not both)</legend>" in html
    assert 'id="id_lumbar_flexion_grade"' in html and ">Mildly reduced</option>" in html


@pytest.mark.parametrize(
    ("values", "constraint"),
    [({"lumbar_flexion": 40, "lumbar_flexion_grade": "mild"},
      "plans_objective_lumbar_flexion_degrees_or_grade"),
     ({"thoracic_rotation_right": 0, "thoracic_rotation_right_grade": "full"},
      "plans_objective_thoracic_rotation_right_degrees_or_grade"),
     ({"lumbar_extension_grade": "stiff"}, "plans_objective_lumbar_extension_grade_choice")],
)  # fmt: skip
def test_database_refuses_both_and_unknown_grades(therapist_client, episode, values, constraint):  # noqa: F811
    assessment = _record(therapist_client, episode)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ObjectiveMeasures.objects.create(assessment=assessment, episode=episode, **values)


@pytest.mark.django_db
def test_the_factory_builds_a_graded_examination():
    measures = ObjectiveMeasuresFactory(graded=True)
    measures.full_clean()
    assert (measures.lumbar_flexion, measures.lumbar_flexion_grade, measures.slr_left) == (None, "mild", 60)
