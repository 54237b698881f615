import pytest
from django.urls import reverse

from plans.models import Assessment, QuestionnaireRequest
from plans.services import questionnaires
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.plans.conftest import assessment_post_data

ODI = [2, 1, 2, 1, 2, 2, 1, None, 2, 3]


def _completed(episode, therapist, patient_account):
    request, _ = questionnaires.questionnaire_send(episode=episode, user=therapist)
    return questionnaires.questionnaire_complete(
        questionnaire=request,
        nprs=6,
        odi_sections=ODI,
        startback_items=[1, 0, 0, 0, 1, 1, 1, 0],
        startback_bothersomeness="very_much",
        user=patient_account,
    )


def test_portal_answers_prefill_the_assessment_and_are_then_used(
    therapist_client, therapist, episode, patient_account
):
    questionnaire = _completed(episode, therapist, patient_account)
    url = reverse("plans:assessment_create", args=[episode.code])
    page = therapist_client.get(url)
    form = page.context["form"]
    assert form.initial["nprs_current"] == 6
    assert [form.initial.get(f"odi_{n}") for n in range(1, 11)] == ["skip" if v is None else v for v in ODI]
    assert form.initial["startback_bothersomeness"] == "very_much"
    assert 'data-testid="questionnaire-prefill"' in page.content.decode()

    data = assessment_post_data(questionnaire=str(questionnaire.code))
    therapist_client.post(url, data)
    assessment = Assessment.objects.get()
    assert str(assessment.odi_percent) == "35.6"
    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireRequest.Status.USED
    assert "questionnaire-prefill" not in therapist_client.get(url).content.decode()


def test_portal_answers_prefill_the_visit_form(therapist_client, therapist, episode, patient_account):
    _completed(episode, therapist, patient_account)
    form = therapist_client.get(reverse("plans:visit_create", args=[episode.code])).context["form"]
    assert form.initial["nprs"] == 6 and form.initial["odi_10"] == 3


# --- Who may open it ------------------------------------------------------------------------------


def _prefilled(name):
    def url(get):
        _completed(get("episode"), get("therapist"), get("patient_account"))
        return reverse(f"plans:{name}", args=[get("episode").code])

    return url


ACCESS = cells(
    row("prefilled assessment", _prefilled("assessment_create"), CLINICAL_PAGE),
    row("prefilled visit", _prefilled("visit_create"), CLINICAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
