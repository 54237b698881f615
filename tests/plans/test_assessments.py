import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Assessment
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, row
from tests.factories import AssessmentFactory
from tests.plans.conftest import assessment_post_data


def _new_url(episode):
    return reverse("plans:assessment_create", args=[episode.code])


def test_therapist_records_assessment_and_sees_scored_suggestion(therapist_client, therapist, episode):
    response = therapist_client.post(_new_url(episode), assessment_post_data())
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:assessment_detail", args=[assessment.code])

    assert assessment.age == 46  # born 17 May 1980, assessed in November 2026
    assert assessment.duration_days == 10
    assert assessment.odi_percent == Decimal("35.6")
    assert (assessment.odi_band, assessment.odi_answered, assessment.odi_valid) == ("moderate", 9, True)
    assert (assessment.startback_total, assessment.startback_psychosocial, assessment.startback_risk) == (
        5,
        4,
        "high",
    )
    assert assessment.bmi == Decimal("24.2")
    assert assessment.stage == "acute" and assessment.triage_level == "none"
    assert sorted(assessment.findings.values_list("code", flat=True)) == [
        "localized_tenderness",
        "muscle_spasm",
        "pain_with_movement",
    ]
    assert assessment.history.get().history_user == therapist
    assert assessment.suggestion["causes"][0]["code"] == "muscle_strain_sprain"

    page = therapist_client.get(response["Location"]).content.decode()
    assert 'data-testid="red-flag-banner"' not in page
    assert "35.6%" in page and "High risk" in page
    assert "Muscle spasm" in page  # the findings for the top cause, in plain words
    assert "Mechanism: lifting" in page


def test_age_is_derived_from_date_of_birth(therapist_client, episode):
    episode.onset_date = episode.onset_date.replace(year=2026, month=1, day=5)
    episode.save()
    therapist_client.post(_new_url(episode), assessment_post_data(assessed_on="2026-05-16"))
    therapist_client.post(_new_url(episode), assessment_post_data(assessed_on="2026-05-17"))
    ages = sorted(Assessment.objects.values_list("assessed_on", "age"))
    # Born 17 May 1980: 45 the day before the birthday, 46 on it.
    assert [age for _, age in ages] == [45, 46]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nprs_current": "11"}, "nprs_current", "less than or equal to 10"),
        ({"nprs_current": None}, "nprs_current", "required"),
        ({"nprs_best": "9", "nprs_worst": "4"}, "nprs_best", "cannot be higher"),
        ({"startback_3": None}, "startback_3", "every STarT Back item"),
        ({"weight_kg": None}, "weight_kg", "both height and weight"),
        ({"assessed_on": "2026-02-30"}, "assessed_on", "valid date"),
        ({"assessed_on": "2999-01-01"}, "assessed_on", "future"),
        ({"findings_mechanical": ["not_a_finding"]}, "findings_mechanical", "valid choice"),
        ({"odi_3": "6"}, "odi_3", "Choose a statement, or mark the section skipped."),
        ({"odi_3": None}, "odi_3", "Choose a statement, or mark the section skipped."),
        ({"pain_distribution": None}, "pain_distribution", "Choose how far the pain spreads."),
        ({"pain_distribution": ""}, "pain_distribution", "Choose how far the pain spreads."),
        ({"region": "cervical"}, "region", "valid choice"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_saved(
    therapist_client, episode, overrides, field, message
):
    response = therapist_client.post(_new_url(episode), assessment_post_data(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in e for e in errors[field]), errors[field]
    assert not Assessment.objects.exists()
    assert "Nothing was saved" in response.content.decode()


def test_skipped_odi_sections_and_missing_questionnaires(therapist_client, episode):
    data = assessment_post_data(odi_1="skip")  # section 8 is skipped too
    for n in range(1, 9):
        data.pop(f"startback_{n}")
    data.pop("startback_bothersomeness")
    therapist_client.post(_new_url(episode), data)
    assessment = Assessment.objects.get()
    assert assessment.odi_answered == 8 and assessment.odi_valid is False
    assert assessment.odi_percent == Decimal("35.0")  # 14 / (5 x 8)
    assert assessment.startback_risk == "" and "startback" not in assessment.suggestion["scores"]


def test_emergency_banner_and_no_plan(therapist_client, episode):
    data = assessment_post_data(findings_neurological=["saddle_anesthesia", "bladder_dysfunction"])
    response = therapist_client.post(_new_url(episode), data, follow=True)
    page = response.content.decode()
    assert 'data-testid="red-flag-banner"' in page
    assert "Suspected cauda equina syndrome" in page
    assert page.index("red-flag-banner") < page.index("Likely causes")
    assert "No plan is suggested on an emergency triage" in page
    assessment = Assessment.objects.get()
    assert assessment.triage_level == "emergency" and assessment.suggestion["plan"] is None


def test_another_clinics_assessment_is_404(client, therapist_client, episode, outsider):
    therapist_client.post(_new_url(episode), assessment_post_data())
    assessment = Assessment.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("plans:assessment_detail", args=[assessment.code])).status_code == 404
    assert (
        client.post(reverse("plans:referral_record", args=[assessment.code]), {"note": "x"}).status_code
        == 404
    )


def test_suggestion_page_runs_bounded_queries(therapist_client, episode, django_assert_max_num_queries):
    data = assessment_post_data(
        findings_neurological=["numbness", "tingling", "weakness", "reflex_loss"],
        findings_systemic=["osteoporosis", "previous_episodes", "history_of_cancer"],
        findings_mechanical=[
            "positive_slr",
            "muscle_spasm",
            "pain_with_movement",
            "desk_work",
            "slouched_posture",
            "sedentary",
        ],
    )
    response = therapist_client.post(_new_url(episode), data)
    with django_assert_max_num_queries(12):  # +1: the nav's inbox count
        page = therapist_client.get(response["Location"])
    assert page.status_code == 200


def test_an_impossible_bmi_is_refused_not_a_500(therapist_client, episode):
    response = therapist_client.post(_new_url(episode), assessment_post_data(height_cm="50", weight_kg="350"))
    assert response.status_code == 200
    assert "BMI of 1400.0" in str(response.context["form"].errors["weight_kg"])
    assert not Assessment.objects.exists()


# --- Who may open it ------------------------------------------------------------------------------


def _assessment_url(get):
    assessment = AssessmentFactory(episode=get("episode"), assessed_by=get("therapist"))
    return reverse("plans:assessment_detail", args=[assessment.code])


ACCESS = cells(
    row("new", lambda get: _new_url(get("episode")), CLINICAL_PAGE, contains=("Maria Lopez",)),
    row("detail", _assessment_url, CLINICAL_PAGE, contains=("Maria Lopez",)),
    row("unknown", lambda get: reverse("plans:assessment_detail", args=[uuid.uuid4()]), therapist=NOT_FOUND),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
