"""The attention inbox (plans.selectors.attention): what is on it, in what order, what takes an item off, who
may act, and its queries at 5 and 500 open episodes."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from plans.clinical.vocabulary import TriageLevel
from plans.models import Assessment, Prompt, QuestionnaireRequest
from plans.selectors import attention
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.caseload_state import caseload_state_refresh
from tests.access_matrix import CLINICAL_LIST, CLINICAL_PAGE, cells, check, done, row
from tests.factories import (
    AssessmentFactory,
    EpisodeFactory,
    HomeLogFactory,
    PatientFactory,
    QuestionnaireRequestFactory,
)
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit


def _kinds(html):
    return re.findall(r'data-testid="attention-item" data-kind="(\w+)"', html)


def _assessment(episode, user, findings, days_ago=1):
    entry = AssessmentEntry(
        kind="initial",
        assessed_on=TODAY - timedelta(days=days_ago),
        region="lumbar",
        onset="sudden",
        mechanism="lifting",
        recurrent=False,
        pain_distribution="back_only",
        nprs_current=6,
        findings=frozenset(findings),
    )
    return assessment_record(episode=episode, entry=entry, user=user)


@pytest.fixture
def regressing(patient, therapist, therapist_client):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    _visit(therapist_client, episode, 30, nprs="9")
    return episode


def _referral(referred_to: str) -> dict:
    return {
        "referred_to": referred_to,
        "referred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "urgency": "emergency",
        "note": "",
    }


@pytest.fixture
def cauda_equina(clinic, therapist):
    other = PatientFactory(clinic=clinic, primary_therapist=therapist, family_name="Zeller")
    episode = EpisodeFactory(patient=other, onset_date=TODAY - timedelta(days=5))
    return _assessment(episode, therapist, {"saddle_anesthesia"})


def test_an_assessment_red_flag_comes_first_and_leaves_only_with_its_referral(
    therapist_client, regressing, cauda_equina
):
    assert cauda_equina.triage_level == "emergency"
    page = therapist_client.get(reverse("plans:dashboard")).text
    assert _kinds(page)[:2] == ["red_flag", "regression"]
    assert page.index("Zeller") < page.index("Lopez")  # the caseload row too
    assert 'dashboard-prompt-red_flag">Red flag (emergency)' in page
    assert 'aria-label="2 items need your attention, 1 red flag"' in page or "1 red flag" in page
    assert reverse("plans:referral_record", args=[cauda_equina.code]) in page

    therapist_client.post(
        reverse("plans:referral_record", args=[cauda_equina.code]), _referral("Emergency department by 999")
    )
    assert "red_flag" not in _kinds(therapist_client.get(reverse("plans:attention")).text)


def test_an_urgent_or_prompt_level_assessment_flag_is_listed_and_has_a_referral_form(
    therapist_client, patient, therapist
):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=5))
    assessment = _assessment(episode, therapist, {"history_of_cancer", "unexplained_weight_loss"})
    assert assessment.triage_level in ("urgent", "prompt")
    assert "red_flag" in _kinds(therapist_client.get(reverse("plans:attention")).text)
    detail = therapist_client.get(reverse("plans:assessment_detail", args=[assessment.code])).text
    assert reverse("plans:referral_record", args=[assessment.code]) in detail
    assert Assessment.objects.unreferred_red_flags().count() == 1


def test_a_visit_red_flag_cannot_be_dismissed_nor_closed_by_a_plan_only_by_its_referral(
    therapist_client, regressing
):
    _visit(therapist_client, regressing, 20, nprs="9", findings_neurological=["saddle_anesthesia"])
    prompt = Prompt.objects.get(kind="red_flag")
    response = therapist_client.post(
        reverse("plans:prompt_dismiss", args=[prompt.pk]), {"reason": "Not worried."}, follow=True
    )
    assert "cannot be dismissed" in response.text
    prompt.refresh_from_db()
    assert prompt.status == "open"
    services_mark = __import__("plans.services.prompts", fromlist=["prompt_mark_acted"]).prompt_mark_acted
    services_mark(prompt=prompt, user=prompt.visit.recorded_by)
    prompt.refresh_from_db()
    assert prompt.status == "open"
    assert _kinds(therapist_client.get(reverse("plans:attention")).text)[0] == "red_flag"

    therapist_client.post(reverse("plans:prompt_referral", args=[prompt.pk]), _referral(""))
    assert Prompt.objects.open_red_flags().count() == 1  # no one to whom: nothing recorded
    therapist_client.post(reverse("plans:prompt_referral", args=[prompt.pk]), _referral("ED by ambulance"))
    prompt.refresh_from_db()
    assert prompt.referrals.get().referred_to == "ED by ambulance" and prompt.status == "acted"
    assert Prompt.objects.open_red_flags().count() == 0
    assert "red_flag" not in _kinds(therapist_client.get(reverse("plans:attention")).text)


def test_a_red_flag_dismissed_before_this_rule_is_still_listed_until_referred(therapist_client, regressing):
    _visit(therapist_client, regressing, 20, findings_neurological=["saddle_anesthesia"])
    prompt = Prompt.objects.get(kind="red_flag")
    # As the old dismissal left it: closed with a reason, no referral on record.
    Prompt.objects.filter(pk=prompt.pk).update(
        status="dismissed",
        dismissal_reason="Seen.",
        resolved_by=prompt.visit.recorded_by,
        resolved_at=timezone.now(),
    )
    assert _kinds(therapist_client.get(reverse("plans:attention")).text)[0] == "red_flag"
    episode_page = therapist_client.get(reverse("patients:episode_detail", args=[regressing.code])).text
    assert reverse("plans:prompt_referral", args=[prompt.pk]) in episode_page


def test_a_later_red_flag_does_not_supersede_an_unreferred_one(therapist_client, regressing):
    _visit(therapist_client, regressing, 20, findings_neurological=["saddle_anesthesia"])
    _visit(therapist_client, regressing, 10, findings_systemic=["night_pain"])
    assert Prompt.objects.open_red_flags().count() == Prompt.objects.filter(kind="red_flag").count() >= 2


def test_an_answered_questionnaire_is_listed_until_reviewed(therapist_client, patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=5))
    questionnaire = QuestionnaireRequestFactory(
        episode=episode,
        requested_by=therapist,
        include_odi=False,
        include_startback=False,
        completed=True,
        nprs=7,
    )
    caseload_state_refresh(episode_ids=[episode.pk])  # the factory writes past the services
    page = therapist_client.get(reverse("plans:attention")).text
    assert _kinds(page) == ["questionnaire"] and "pain 7/10" in page
    therapist_client.post(reverse("plans:questionnaire_review", args=[questionnaire.code]))
    questionnaire.refresh_from_db()
    assert questionnaire.reviewed_by == therapist and questionnaire.status == "completed"
    assert questionnaire.history.latest().history_user == therapist
    assert _kinds(therapist_client.get(reverse("plans:attention")).text) == []


def test_a_long_inbox_is_read_a_page_at_a_time_and_every_item_is_on_one_page(
    therapist_client, clinic, therapist
):
    episodes = _open_episodes_with_answers(clinic, therapist, 120)
    pages = [therapist_client.get(reverse("plans:attention") + f"?page={n}").text for n in (1, 2, 3)]
    links = [re.findall(r'action="(/[^"]*questionnaire[^"]*)"', page) for page in pages]
    assert [len(found) for found in links] == [50, 50, 20]
    assert len({link for found in links for link in found}) == len(episodes)  # none twice, none missed
    assert "Page 1 of 3" in pages[0] and "Page 3 of 3" in pages[2]


def test_scope_and_access(client, therapist_client, colleague, outsider, admin_staff, cauda_equina):
    client.force_login(colleague)
    assert _kinds(client.get(reverse("plans:attention")).text) == []  # not the colleague's patient
    assert _kinds(client.get(reverse("plans:attention") + "?scope=clinic").text) == ["red_flag"]
    client.force_login(outsider)
    assert _kinds(client.get(reverse("plans:attention") + "?scope=clinic").text) == []
    questionnaire = QuestionnaireRequestFactory(
        episode=cauda_equina.episode, requested_by=cauda_equina.assessed_by, completed=True
    )
    assert client.post(reverse("plans:questionnaire_review", args=[questionnaire.code])).status_code == 404
    client.force_login(admin_staff)
    assert client.get(reverse("plans:attention")).status_code == 403
    client.logout()
    assert client.get(reverse("plans:attention")).status_code == 302


def test_the_counts_and_the_list_read_the_state_each_episode_keeps_but_red_flags_from_their_rows(
    clinic, patient, therapist
):
    """The navigation's count and the inbox read the counts each episode stores, not its rows: rows
    written past the services count only once the refresh that every service runs has stored them.
    Red flags are the exception: they are read from their rows, so none waits for a refresh."""
    clinic.unsigned_note_days = 90  # the assessment's unsigned note is not what this test is about
    clinic.save()
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=10))
    AssessmentFactory(episode=episode, assessed_by=therapist, triage_level=TriageLevel.URGENT)
    QuestionnaireRequestFactory(episode=episode, requested_by=therapist, completed=True)
    assert attention.summary(therapist) == attention.Summary(total=1, red_flags=1)
    assert [item.kind for item in attention.items(therapist)] == ["red_flag"]

    caseload_state_refresh(episode_ids=[episode.pk])
    assert attention.summary(therapist) == attention.Summary(total=2, red_flags=1)
    assert attention.summary(therapist, "clinic") == attention.Summary(total=2, red_flags=1)
    assert [item.kind for item in attention.items(therapist)] == ["red_flag", "questionnaire"]


def _open_episodes_with_answers(clinic, therapist, n):
    patients = PatientFactory.create_batch(n, clinic=clinic, primary_therapist=therapist)
    episodes = [EpisodeFactory.build(patient=p, onset_date=TODAY - timedelta(days=60)) for p in patients]
    episodes = type(episodes[0]).objects.bulk_create(episodes)
    QuestionnaireRequest.objects.bulk_create(
        QuestionnaireRequest(
            episode=e,
            requested_by=therapist,
            status=QuestionnaireRequest.Status.COMPLETED,
            completed_at=timezone.now(),
            nprs=4,
        )
        for e in episodes
    )
    caseload_state_refresh(episode_ids=[e.pk for e in episodes])  # bulk_create writes past the services
    return episodes


@pytest.mark.parametrize("n", [5, 500])
def test_inbox_and_caseload_queries_do_not_grow_with_open_episodes(
    therapist_client, clinic, therapist, n, django_assert_max_num_queries
):
    episodes = _open_episodes_with_answers(clinic, therapist, n)
    _assessment(episodes[-1], therapist, {"saddle_anesthesia"})
    # Statistics as autovacuum keeps them in a live database. Without this, tables an earlier test
    # left analyzed while empty make the planner expect one row, and the inbox runs for minutes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # session, user, membership(s), the counts, the five sources, the unsigned notes (visits,
    # assessments, discharges)
    with django_assert_max_num_queries(12):
        inbox = therapist_client.get(reverse("plans:attention"))
    assert _kinds(inbox.text)[0] == "red_flag" and len(_kinds(inbox.text)) == min(n + 1, 50)
    last_page = (n + 1 + 49) // 50
    with django_assert_max_num_queries(12):
        last = therapist_client.get(reverse("plans:attention") + f"?page={last_page}")
    assert len(_kinds(last.text)) == (n + 1) - 50 * (last_page - 1)
    assert (f"Page {last_page} of {last_page}" in last.text) == (last_page > 1)
    with django_assert_max_num_queries(15):  # the caseload's rows and the inbox's first items
        caseload = therapist_client.get(reverse("plans:dashboard"))
    assert len(_kinds(caseload.text)) == min(n + 1, 10)
    assert f"{n + 1} items need your attention, 1 red flag" in caseload.text


def test_re_evaluation_due_by_the_clinics_day_rule_is_listed_without_a_visit(
    therapist_client, patient, therapist, clinic
):
    """The clinic's re-evaluation day rule puts an episode on the list even when no visit raised a
    prompt; a day before it falls due it is not there, and a re-evaluation takes it off."""
    clinic.unsigned_note_days = 90  # the baselines' unsigned notes are not what this test is about
    clinic.save()
    due = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=60))
    _baseline(due, therapist, days_ago=clinic.reevaluation_days)
    not_yet = EpisodeFactory(
        patient=PatientFactory(clinic=clinic, primary_therapist=therapist, family_name="Nakamura"),
        onset_date=TODAY - timedelta(days=60),
    )
    _baseline(not_yet, therapist, days_ago=clinic.reevaluation_days - 1)
    page = therapist_client.get(reverse("plans:attention")).text
    assert _kinds(page) == ["reevaluation_due"]
    assert "Lopez" in page and "Nakamura" not in page
    assert reverse("plans:assessment_create", args=[due.code]) in page

    _baseline(due, therapist, days_ago=0, kind="reevaluation")
    assert _kinds(therapist_client.get(reverse("plans:attention")).text) == []


def test_a_re_evaluation_due_names_the_latest_assessment_of_its_day(therapist, patient, clinic):
    """Two assessments on the baseline's day: the one recorded last is the baseline, listed once."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=60))
    days = clinic.reevaluation_days
    _baseline(episode, therapist, days_ago=days)
    latest = _baseline(episode, therapist, days_ago=days, kind="reevaluation")
    due = [item for item in attention.items(therapist) if item.kind == "reevaluation_due"]
    assert [item.source for item in due] == [latest]
    assert "since the re-evaluation of" in due[0].what


def test_a_red_flag_stays_when_the_episode_is_discharged_or_has_no_primary_therapist(
    therapist_client, patient, therapist, cauda_equina
):
    """Review finding: discharging the episode, archiving it, or clearing the patient's primary
    therapist took an unreferred red flag off every list."""
    episode = cauda_equina.episode
    episode.status, episode.discharge_date, episode.discharge_reason = "discharged", TODAY, "goals_met"
    episode.is_active, episode.archive_reason = False, "Moved to another clinic."
    episode.save()
    episode.patient.primary_therapist = None
    episode.patient.save()
    page = therapist_client.get(reverse("plans:attention")).text
    assert _kinds(page) == ["red_flag"] and "1 red flag" in page


# --- Who may open it ------------------------------------------------------------------------------


def _flare_url(get):
    flare = HomeLogFactory(episode=get("episode"), plan_version__approved_by=get("therapist"), pain_after=8)
    return reverse("plans:flare_acknowledge", args=[flare.pk])


def _answers_url(get):
    answers = QuestionnaireRequestFactory(
        episode=get("episode"), requested_by=get("therapist"), completed=True
    )
    return reverse("plans:questionnaire_review", args=[answers.code])


ACCESS = cells(
    row("inbox", lambda get: reverse("plans:attention"), CLINICAL_LIST),
    row("inbox of the clinic", lambda get: reverse("plans:attention") + "?scope=clinic", CLINICAL_LIST),
    row("flare seen", _flare_url, done(CLINICAL_PAGE), method="post"),
    row("answers seen", _answers_url, done(CLINICAL_PAGE), method="post"),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
