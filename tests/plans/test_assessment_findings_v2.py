"""The assessment form offers the v2 finding codes in their contract groups, and a page assessment
is triaged by the v2 rules (api-contract.md "Finding codes", "Triage rules (v2)")."""

import pytest
from django.urls import reverse

from plans.models import Assessment
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.plans.conftest import assessment_post_data

GROUPS = {
    "findings_neurological": {"symptoms_progressing"},
    "findings_systemic": {
        "high_energy_trauma",
        "fracture_excluded",
        "repetitive_extension_sport",
        "pregnant",
        "postpartum",
        "better_with_exercise_not_rest",
        "night_waking_second_half",
        "alternating_buttock_pain",
        "widespread_pain",
    },
    "findings_mechanical": {
        "centralizes_with_flexion",
        "peripheralizes_with_extension",
        "lateral_shift",
        "centralizes_with_lateral_shift_correction",
        "pelvic_girdle_pain",
        "sij_provocation_positive",
        "aberrant_movement",
    },
}


def _new_url(episode):
    return reverse("plans:assessment_create", args=[episode.code])


def test_form_offers_each_new_code_in_its_group(therapist_client, episode):
    response = therapist_client.get(_new_url(episode))
    form = response.context["form"]
    page = response.content.decode()
    for field, codes in GROUPS.items():
        offered = {value for value, _ in form.fields[field].choices}
        assert codes <= offered, (field, codes - offered)
        others = set(GROUPS) - {field}
        for other in others:
            assert not codes & {value for value, _ in form.fields[other].choices}
        for code in codes:
            assert f'value="{code}"' in page


def test_a_high_energy_fall_recorded_on_the_page_is_an_emergency(therapist_client, episode):
    data = assessment_post_data(
        mechanism="fall",
        findings_systemic=["high_energy_trauma"],
        findings_mechanical=["bony_point_tenderness", "pain_with_movement"],
    )
    response = therapist_client.post(_new_url(episode), data, follow=True)
    assessment = Assessment.objects.get()
    assert sorted(assessment.findings.values_list("code", flat=True)) == [
        "bony_point_tenderness",
        "high_energy_trauma",
        "pain_with_movement",
    ]
    assert assessment.triage_level == "emergency"
    assert assessment.suggestion["plan"] is None
    assert [f["code"] for f in assessment.suggestion["triage"]["flags"]] == ["major_trauma"]
    assert "Major trauma" in response.content.decode()


def test_the_longest_new_code_is_stored(therapist_client, episode):
    data = assessment_post_data(
        findings_mechanical=["centralizes_with_lateral_shift_correction", "lateral_shift"]
    )
    therapist_client.post(_new_url(episode), data)
    assert set(Assessment.objects.get().findings.values_list("code", flat=True)) == {
        "centralizes_with_lateral_shift_correction",
        "lateral_shift",
    }


def test_a_direction_both_centralising_and_peripheralising_is_refused_on_its_field(therapist_client, episode):
    data = assessment_post_data(
        findings_mechanical=["centralizes_with_flexion", "peripheralizes_with_flexion", "pain_with_movement"]
    )
    response = therapist_client.post(_new_url(episode), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["findings_mechanical"]
    assert "centralises or peripheralises" in errors["findings_mechanical"][0]
    assert not Assessment.objects.exists()


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(row("new assessment", lambda get: _new_url(get("episode")), CLINICAL_PAGE))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
