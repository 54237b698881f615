"""Unknown stays unknown: the visit form pre-fills adherence only from logged home sessions, in whole
sessions; pain spread and the ODI sections start unanswered and must be answered (or skipped)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Assessment, PlanVersion, Visit
from plans.services.home_logs import home_log_record
from plans.services.questionnaires import questionnaire_send
from tests.factories import EpisodeFactory
from tests.plans.conftest import assessment_post_data
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit


@pytest.fixture
def treated_episode(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)  # pelvic tilts twice a day, every day, approved today
    return episode


def _checked_odi_inputs(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<input[^>]*>", html) if 'name="odi_' in tag and "checked" in tag]


def _adherence_input(html: str) -> str:
    return re.search(r'<input[^>]*name="adherence_percent"[^>]*>', html).group(0)


def _log(episode, version, done_on, user):
    return home_log_record(
        episode=episode,
        plan_version=version,
        done_on=done_on,
        exercises=list(version.exercises.all()),
        pain_before=3,
        pain_after=3,
        user=user,
    )


# --- Home adherence ---------------------------------------------------------------------------------


def test_nothing_logged_leaves_adherence_empty_and_says_so(therapist_client, treated_episode):
    """The patient has no portal login, so nothing was logged: no 0%, no value in the field."""
    response = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code]))
    html = response.content.decode()
    assert "adherence_percent" not in response.context["form"].initial
    assert "value=" not in _adherence_input(html)
    summary = re.search(r'data-testid="home-adherence">(.*?)</p>', html, re.S).group(1)
    assert "no sessions logged" in summary and "%" not in summary


def test_a_visit_saved_without_adherence_keeps_it_unknown(therapist_client, treated_episode):
    assert _visit(therapist_client, treated_episode, 0, nprs="5").status_code == 302
    visit = Visit.objects.get()
    assert visit.adherence_percent is None
    page = therapist_client.get(reverse("plans:visit_detail", args=[visit.code])).content.decode()
    assert "home-exercise adherence: not recorded (home log: no sessions logged)" in page


def test_logged_sessions_prefill_adherence_of_whole_sessions(
    therapist_client, treated_episode, patient_account
):
    """Pelvic tilts twice a day, 7 days a week, approved 9 days ago: 10 days x 2 = 20 sessions; 3 logs
    on 3 days: 3 of 20 = 15%."""
    version = PlanVersion.objects.get(plan__episode=treated_episode)
    PlanVersion.objects.filter(pk=version.pk).update(approved_at=timezone.now() - timedelta(days=9))
    for days_ago in (0, 1, 2):
        _log(treated_episode, version, TODAY - timedelta(days=days_ago), patient_account)
    response = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code]))
    html = response.content.decode()
    assert response.context["form"].initial["adherence_percent"] == 15
    assert 'value="15"' in _adherence_input(html)
    assert "15% of 20 prescribed exercise sessions done (3 logged;" in html


def test_a_part_week_prescription_is_shown_in_whole_sessions(
    therapist_client, treated_episode, patient_account
):
    """Three days a week over 10 days is 30/7 = 4.29 sessions: the page says 4, and 2 done is 50%."""
    version = PlanVersion.objects.get(plan__episode=treated_episode)
    version.exercises.update(times_per_day=1, days_per_week=3)
    PlanVersion.objects.filter(pk=version.pk).update(approved_at=timezone.now() - timedelta(days=9))
    for days_ago in (0, 4):
        _log(treated_episode, version, TODAY - timedelta(days=days_ago), patient_account)
    html = therapist_client.get(reverse("plans:visit_create", args=[treated_episode.code])).content.decode()
    assert "50% of 4 prescribed exercise sessions done (2 logged;" in html
    assert "4.3" not in html


# --- Pain spread ------------------------------------------------------------------------------------


def test_pain_spread_starts_unanswered(therapist_client, treated_episode):
    response = therapist_client.get(reverse("plans:assessment_create", args=[treated_episode.code]))
    html = response.content.decode()
    select = re.search(r'<select name="pain_distribution".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="" selected>', select)
    assert select.count("selected") == 1


def test_pain_spread_is_required_next_to_its_field(therapist_client, treated_episode):
    url = reverse("plans:assessment_create", args=[treated_episode.code])
    before = Assessment.objects.count()
    response = therapist_client.post(url, assessment_post_data(pain_distribution=None))
    assert response.status_code == 200
    assert response.context["form"].errors["pain_distribution"] == ["Choose how far the pain spreads."]
    assert Assessment.objects.count() == before
    therapist_client.post(url, assessment_post_data(pain_distribution="below_knee"))
    assert Assessment.objects.latest("id").pain_distribution == "below_knee"


# --- ODI sections, staff side -----------------------------------------------------------------------


def test_staff_odi_sections_start_unanswered(therapist_client, treated_episode):
    for name in ("plans:assessment_create", "plans:visit_create"):
        html = therapist_client.get(reverse(name, args=[treated_episode.code])).content.decode()
        assert html.count('name="odi_1"') == 7  # six statements and "Skipped"
        assert _checked_odi_inputs(html) == []


def test_a_partly_filled_odi_asks_for_each_missing_section(therapist_client, treated_episode):
    response = _visit(therapist_client, treated_episode, 0, odi_1="2", odi_2="skip")
    errors = response.context["form"].errors
    assert sorted(errors) == sorted(f"odi_{n}" for n in range(3, 11))
    assert errors["odi_3"] == ["Choose a statement, or mark the section skipped."]
    assert not Visit.objects.exists()


def test_no_odi_at_all_is_not_measured(therapist_client, treated_episode):
    _visit(therapist_client, treated_episode, 0, nprs="5")
    visit = Visit.objects.get()
    assert visit.odi_sections in (None, []) and visit.odi_percent is None


# --- ODI sections, portal side ----------------------------------------------------------------------


def test_portal_odi_sections_start_unanswered_and_must_be_answered_or_skipped(
    client, treated_episode, therapist, patient_account
):
    sent, _ = questionnaire_send(episode=treated_episode, user=therapist)
    client.force_login(patient_account)
    url = reverse("portal:questionnaire", args=[sent.code])
    html = client.get(url).content.decode()
    assert "Skip this section" in html and _checked_odi_inputs(html) == []
    answers = {"nprs": "4", **{f"odi_{n}": "1" for n in range(1, 10)}}  # section 10 left unanswered
    answers.update({f"startback_{n}": "0" for n in range(1, 9)}, startback_bothersomeness="slightly")
    response = client.post(url, answers)
    assert list(response.context["form"].errors) == ["odi_10"]
    assert 'id="id_odi_10_error"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == sent.Status.PENDING
    client.post(url, {**answers, "odi_10": "skip"})
    sent.refresh_from_db()
    assert sent.status == sent.Status.COMPLETED and sent.odi_sections == [1] * 9 + [None]
