"""Questionnaires before the visit: staff send them from the patient page, the patient answers on the
portal, the answers are scored exactly (clinical-reference §7) and pre-fill the assessment form."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from patients.models import Episode
from plans.forms.assessments import AssessmentForm
from plans.models import QuestionnaireRequest
from plans.selectors.questionnaires import latest_completed, prefill_for_episode
from plans.services.questionnaires import questionnaire_complete, questionnaire_mark_used, questionnaire_send
from tests.access_matrix import NOT_ALLOWED, PORTAL_PAGE, STAFF_PAGE, cells, check, done, row
from tests.factories import QuestionnaireRequestFactory

Status = QuestionnaireRequest.Status
ODI_03 = [2, 1, 2, 1, 2, 2, 1, None, 2, 3]  # §7 ODI-03: 16/45 -> 35.6 %
SB_04 = ([0, 0, 0, 0, 1, 1, 1, 1], "extremely")  # §7 SB-04: total 5, psychosocial 5, high


def _send_url(patient):
    return reverse("portal_access:questionnaires_send", args=[patient.code])


def _answers(nprs=6, odi=ODI_03, startback=SB_04) -> dict:
    data = {"nprs": str(nprs)}
    for number, value in enumerate(odi or [], start=1):
        data[f"odi_{number}"] = "skip" if value is None else str(value)
    if startback:
        items, bothersome = startback
        data.update({f"startback_{n}": str(v) for n, v in enumerate(items, start=1)})
        data["startback_bothersomeness"] = bothersome
    return data


@pytest.fixture
def sent(episode, therapist):
    questionnaire, _ = questionnaire_send(episode=episode, user=therapist)
    return questionnaire


# Sending -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["therapist", "admin_staff"])
def test_staff_send_questionnaires_from_the_patient_page(client, request, patient, episode, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(_send_url(patient), {"include_odi": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal_access:detail", args=[patient.code])
    questionnaire = QuestionnaireRequest.objects.get()
    assert questionnaire.episode == episode and questionnaire.requested_by == user
    assert questionnaire.include_odi and not questionnaire.include_startback
    assert questionnaire.status == Status.PENDING
    assert questionnaire.history.get().history_user == user


def test_sending_again_while_one_is_waiting_sends_nothing_new(therapist_client, patient, sent):
    response = therapist_client.post(_send_url(patient), {"include_odi": "on"}, follow=True)
    assert "still waiting for the patient; nothing new was sent" in response.text
    assert QuestionnaireRequest.objects.get() == sent


def test_sending_needs_an_open_episode(therapist_client, patient):
    response = therapist_client.post(_send_url(patient), follow=True)
    assert "Open an episode of care" in response.text
    assert not QuestionnaireRequest.objects.exists()


# Answering on the portal -------------------------------------------------------------------------------


def test_pending_questionnaires_are_linked_from_the_portal_home(portal_client, sent):
    html = portal_client.get("/portal/").text
    assert 'data-testid="pending-questionnaires"' in html
    assert reverse("portal:questionnaire", args=[sent.code]) in html


def test_the_form_has_all_the_questions(portal_client, sent):
    html = portal_client.get(reverse("portal:questionnaire", args=[sent.code])).text
    assert html.count('name="nprs"') == 11
    for number in range(1, 11):
        assert html.count(f'name="odi_{number}"') == 7  # six statements and "Skip this section"
    for number in range(1, 9):
        assert html.count(f'name="startback_{number}"') == 2
    assert html.count('name="startback_bothersomeness"') == 5
    assert "I have no pain at the moment." in html and "Skip this section" in html


def test_answers_are_scored_exactly(portal_client, patient_account, sent):
    response = portal_client.post(reverse("portal:questionnaire", args=[sent.code]), _answers())
    assert response.status_code == 302 and response["Location"] == "/portal/"
    sent.refresh_from_db()
    assert sent.status == Status.COMPLETED and sent.completed_at is not None
    assert sent.nprs == 6
    assert sent.odi_sections == ODI_03
    assert sent.odi_percent == Decimal("35.6")
    assert sent.startback_items == "00001111" and sent.startback_bothersomeness == "extremely"
    assert (sent.startback_total, sent.startback_psychosocial, sent.startback_risk) == (5, 5, "high")
    assert sent.history.first().history_user == patient_account
    # Done: no longer offered, and a second answer is refused.
    assert 'data-testid="pending-questionnaires"' not in portal_client.get("/portal/").text
    again = portal_client.post(
        reverse("portal:questionnaire", args=[sent.code]), _answers(nprs=1), follow=True
    )
    assert "already done" in again.text
    sent.refresh_from_db()
    assert sent.nprs == 6


@pytest.mark.parametrize(
    ("odi", "startback", "percent", "scores"),
    [
        (
            [2, 1, 2, 1, 2, 2, 1, 2, 2, 1],
            ([0] * 8, "slightly"),
            Decimal("32.0"),
            (0, 0, "low"),
        ),  # ODI-02, SB-01
        ([1] * 10, ([1, 1, 1, 0, 0, 0, 0, 0], "moderately"), Decimal("20.0"), (3, 0, "low")),  # ODI-04, SB-02
        (
            [1, 1, 1, 1, 1, 1, 1, None, 1, 2],
            ([1, 1, 1, 1, 0, 0, 0, 0], "very_much"),
            Decimal("22.2"),
            (5, 1, "medium"),
        ),
    ],
)
def test_reference_vectors(portal_client, sent, odi, startback, percent, scores):
    portal_client.post(
        reverse("portal:questionnaire", args=[sent.code]), _answers(odi=odi, startback=startback)
    )
    sent.refresh_from_db()
    assert sent.odi_percent == percent
    assert (sent.startback_total, sent.startback_psychosocial, sent.startback_risk) == scores


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nprs": None}, "nprs", "for your pain right now"),
        ({"nprs": "12"}, "nprs", "Choose a number from 0 (no pain) to 10"),
        ({"odi_3": "6"}, "odi_3", "Choose the statement that fits you best, or choose “Skip this section”."),
        ({"odi_3": None}, "odi_3", "Choose the statement that fits you best, or choose “Skip this section”."),
        ({"startback_4": None}, "startback_4", "Choose agree or disagree."),
        ({"startback_4": "2"}, "startback_4", "Choose agree or disagree."),
        ({"startback_bothersomeness": "awful"}, "startback_bothersomeness", "how bothersome"),
    ],
)
def test_bad_answers_get_a_message_next_to_the_question(portal_client, sent, change, field, message):
    data = _answers()
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    response = portal_client.post(reverse("portal:questionnaire", args=[sent.code]), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.text
    sent.refresh_from_db()
    assert sent.status == Status.PENDING


def test_every_odi_section_may_be_skipped(portal_client, sent):
    portal_client.post(reverse("portal:questionnaire", args=[sent.code]), _answers(odi=[None] * 10))
    sent.refresh_from_db()
    assert sent.status == Status.COMPLETED
    assert sent.odi_sections == [None] * 10 and sent.odi_percent is None


def test_only_what_was_asked_is_shown_and_stored(portal_client, episode, therapist):
    questionnaire, _ = questionnaire_send(
        episode=episode, user=therapist, include_odi=False, include_startback=False
    )
    html = portal_client.get(reverse("portal:questionnaire", args=[questionnaire.code])).text
    assert 'name="odi_1"' not in html and 'name="startback_1"' not in html
    portal_client.post(reverse("portal:questionnaire", args=[questionnaire.code]), {"nprs": "4"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.COMPLETED and questionnaire.nprs == 4
    assert questionnaire.odi_sections == [] and questionnaire.startback_items == ""
    assert prefill_for_episode(episode) == {"nprs_current": 4}


# Pre-filling the assessment form and marking the answers used -------------------------------------------


def test_prefill_for_the_assessment_form(episode, patient_account, sent):
    assert prefill_for_episode(episode) is None  # nothing completed yet
    questionnaire_complete(
        questionnaire=sent,
        nprs=6,
        odi_sections=ODI_03,
        startback_items=SB_04[0],
        startback_bothersomeness=SB_04[1],
        user=patient_account,
    )
    initial = prefill_for_episode(episode)
    assert initial == {
        "nprs_current": 6,
        **{f"odi_{n}": "skip" if v is None else v for n, v in enumerate(ODI_03, start=1)},
        **{f"startback_{n}": v for n, v in enumerate(SB_04[0], start=1)},
        "startback_bothersomeness": "extremely",
    }
    form = AssessmentForm(episode=episode, initial=initial)
    assert form["nprs_current"].value() == 6 and form["odi_10"].value() == 3
    assert form["odi_8"].value() == "skip"
    assert form["startback_bothersomeness"].value() == "extremely"
    assert latest_completed(episode) == sent
    questionnaire_mark_used(questionnaire=sent)
    sent.refresh_from_db()
    assert sent.status == Status.USED
    assert prefill_for_episode(episode) is None


# Cancelling, and the staff page ------------------------------------------------------------------------


def test_staff_cancel_a_waiting_request(therapist_client, sent):
    therapist_client.post(reverse("portal_access:questionnaire_cancel", args=[sent.code]))
    sent.refresh_from_db()
    assert sent.status == Status.CANCELLED
    assert sent.history.first().history_user.username == "tessa"


def test_answered_questionnaires_cannot_be_cancelled(therapist_client, patient_account, sent):
    questionnaire_complete(
        questionnaire=sent,
        nprs=2,
        odi_sections=[0] * 10,
        startback_items=[0] * 8,
        startback_bothersomeness="slightly",
        user=patient_account,
    )
    response = therapist_client.post(
        reverse("portal_access:questionnaire_cancel", args=[sent.code]), follow=True
    )
    assert "Only questionnaires still waiting" in response.text
    sent.refresh_from_db()
    assert sent.status == Status.COMPLETED


def test_other_clinics_cannot_cancel(client, outsider, sent):
    client.force_login(outsider)
    assert client.post(reverse("portal_access:questionnaire_cancel", args=[sent.code])).status_code == 404


def test_only_therapists_see_the_answers_on_the_staff_page(
    client, therapist, admin_staff, patient, patient_account, sent
):
    questionnaire_complete(
        questionnaire=sent,
        nprs=6,
        odi_sections=ODI_03,
        startback_items=SB_04[0],
        startback_bothersomeness=SB_04[1],
        user=patient_account,
    )
    url = reverse("portal_access:detail", args=[patient.code])
    client.force_login(therapist)
    assert "ODI 35.6%" in client.get(url).text and "STarT Back high risk" in client.get(url).text
    client.force_login(admin_staff)
    html = client.get(url).text
    assert "Completed" in html and "35.6" not in html and "high risk" not in html


def test_a_questionnaire_of_a_discharged_episode_cannot_be_sent(episode, therapist):
    Episode.objects.filter(pk=episode.pk).update(
        status=Episode.Status.DISCHARGED, discharge_date=date.today(), discharge_reason="goals_met"
    )
    episode.refresh_from_db()
    with pytest.raises(ValidationError, match="open episode"):
        questionnaire_send(episode=episode, user=therapist)


# --- Who may open it ------------------------------------------------------------------------------


def _send(get):
    get("episode")
    return _send_url(get("patient"))


def _pending(name):
    def url(get):
        pending = QuestionnaireRequestFactory(episode=get("episode"), requested_by=get("therapist"))
        return reverse(name, args=[pending.code])

    return url


ACCESS = cells(
    row("send", _send, done(STAFF_PAGE), method="post"),
    row("send by GET", _send, therapist=NOT_ALLOWED),
    row("cancel", _pending("portal_access:questionnaire_cancel"), done(STAFF_PAGE), method="post"),
    row("answer", _pending("portal:questionnaire"), PORTAL_PAGE),
)


def test_refused_sends_make_no_questionnaire(client, outsider, patient_account, patient, episode):
    for user in (outsider, patient_account):
        client.force_login(user)
        client.post(_send_url(patient))
    assert not QuestionnaireRequest.objects.exists()


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
