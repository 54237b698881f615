"""The caseload state kept on each episode (plans.services.caseload_state): after every service that
writes its rows it is what the rows imply (``drifted() == []``), with the values expected; a row
changed behind the services' back is found; the backfill's frozen SQL agrees with the selector."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from patients.models import Episode
from patients.services import episode_save
from plans.clinical.vocabulary import PromptKind
from plans.models import Assessment, HomeLog, PlanVersion, Prompt, PromptStatus, QuestionnaireRequest, Visit
from plans.selectors.caseload import DashboardFilter, caseload
from plans.selectors.caseload_state import drifted
from plans.services import questionnaires
from plans.services.assessment_amend import AssessmentAmendment, assessment_amend
from plans.services.caseload_state import caseload_state_refresh
from plans.services.home_logs import flare_acknowledge, home_log_record
from plans.services.prompts import prompt_dismiss, prompt_mark_acted
from plans.services.referrals import ReferralEntry, hold_override_record, referral_record
from plans.services.visit_amend import VisitAmendment, visit_amend
from plans.services.visits import VisitEntry, visit_record
from tests.factories import EpisodeFactory, PatientFactory
from tests.plans.test_visits import TODAY, _baseline, _plan

BACKFILL = __import__("plans.migrations.0039_caseload_state_backfill", fromlist=["BACKFILL"]).BACKFILL


def _state(episode) -> Episode:
    assert drifted([episode.pk]) == []
    return Episode.objects.get(pk=episode.pk)


def _visit(episode, user, days_ago, **fields) -> Visit:
    entry = VisitEntry(visit_date=TODAY - timedelta(days=days_ago), **fields)
    return visit_record(episode=episode, entry=entry, user=user)


def _referral(urgency="emergency") -> ReferralEntry:
    return ReferralEntry(referred_to="Emergency department", referred_at=timezone.now(), urgency=urgency)


def _flare(episode, patient_account, *, pain_before=3, pain_after=7) -> HomeLog:
    """A home session of today whose pain rose: a flare."""
    version = PlanVersion.objects.get(plan__episode=episode)
    return home_log_record(
        episode=episode,
        plan_version=version,
        done_on=TODAY,
        exercises=[version.exercises.get()],
        pain_before=pain_before,
        pain_after=pain_after,
        user=patient_account,
    )


def test_a_new_episode_has_the_empty_state(episode):
    state = _state(episode)
    assert (state.last_visit_date, state.baseline_date, state.open_prompt_count, state.referral_badge) == (
        None,
        None,
        0,
        "",
    )


def test_an_assessment_sets_the_baseline(episode, therapist):
    _baseline(episode, therapist, days_ago=10)
    state = _state(episode)
    assert state.baseline_date == TODAY - timedelta(days=10)
    assert (state.visits_since_baseline, state.last_visit_date) == (0, None)


def test_a_visit_sets_the_last_visit_status_and_its_prompts(treated, therapist):
    _visit(treated, therapist, 30, nprs=9)
    state = _state(treated)
    assert (state.last_visit_date, state.last_visit_status) == (TODAY - timedelta(days=30), "worsened")
    assert state.visits_since_baseline == 1
    open_prompts = Prompt.objects.filter(episode=treated, status=PromptStatus.OPEN)
    assert state.open_prompt_count == open_prompts.count() == state.other_open_prompts > 0


def test_amending_a_visits_date_and_measures_moves_the_last_visit(treated, therapist):
    _visit(treated, therapist, 30, nprs=5)
    later = _visit(treated, therapist, 20, nprs=4)
    assert _state(treated).last_visit_date == TODAY - timedelta(days=20)
    amendment = VisitAmendment(
        visit_date=TODAY - timedelta(days=35),
        nprs=9,
        patient_rating="",
        adherence_percent=None,
        note="",
        objective=None,
        **dict.fromkeys(("odi_sections", "psfs_ratings", "rmdq_items", "rmdq_total", "fabq_pa", "fabq_w")),
    )  # the visit took no ODI, PSFS, RMDQ or FABQ
    visit_amend(
        visit=later,
        amendment=amendment,
        reason="Wrong day typed",
        loaded_version=later.version,
        user=therapist,
    )
    state = _state(treated)
    assert state.last_visit_date == TODAY - timedelta(days=30)
    assert (
        state.last_visit_status == Visit.objects.get(visit_date=state.last_visit_date, episode=treated).status
    )
    assert state.visits_since_baseline == 2


def test_dismissing_a_prompt_lowers_the_count(treated, therapist):
    _visit(treated, therapist, 30, nprs=9)
    before = _state(treated).open_prompt_count
    prompt = Prompt.objects.filter(episode=treated, status=PromptStatus.OPEN).first()
    prompt_dismiss(prompt=prompt, user=therapist, reason="Seen at the visit.")
    state = _state(treated)
    assert state.open_prompt_count == state.other_open_prompts == before - 1


def test_acting_on_a_prompt_by_a_plan_version_lowers_the_count(treated, therapist):
    _visit(treated, therapist, 30, nprs=9)
    before = _state(treated).open_prompt_count
    prompt = Prompt.objects.filter(episode=treated, status=PromptStatus.OPEN).first()
    prompt_mark_acted(
        prompt=prompt, user=therapist, plan_version=PlanVersion.objects.filter(plan__episode=treated).first()
    )
    assert _state(treated).open_prompt_count == before - 1


def test_a_referral_clears_the_assessments_red_flag(episode, therapist):
    assessment = _baseline(episode, therapist, days_ago=1, findings=("saddle_anesthesia",))
    state = _state(episode)
    assert (state.unreferred_assessment_flags, state.red_flag_severity, state.referral_badge) == (
        1,
        3,
        "held",
    )
    referral_record(flag=assessment, entry=_referral(), user=therapist)
    state = _state(episode)
    assert (state.unreferred_assessment_flags, state.red_flag_severity, state.referral_badge) == (
        0,
        0,
        "referred",
    )


def test_an_override_releases_the_hold_not_the_red_flag(episode, therapist):
    assessment = _baseline(episode, therapist, days_ago=1, findings=("progressive_weakness",))
    assert assessment.triage_level == "urgent"
    hold_override_record(
        flag=assessment, reason="Cleared by the GP by phone for gentle exercise.", user=therapist
    )
    state = _state(episode)
    assert (state.unreferred_assessment_flags, state.red_flag_severity, state.referral_badge) == (
        1,
        2,
        "override",
    )


def test_a_referral_for_a_visits_red_flag_closes_the_prompt(treated, therapist):
    _visit(treated, therapist, 10, nprs=9, findings=frozenset({"progressive_weakness"}))
    state = _state(treated)
    assert (state.unreferred_visit_flags, state.red_flag_severity, state.referral_badge) == (1, 2, "held")
    prompt = Prompt.objects.get(episode=treated, kind=PromptKind.RED_FLAG)
    referral_record(flag=prompt, entry=_referral("same_day"), user=therapist)
    after = _state(treated)
    assert (after.unreferred_visit_flags, after.red_flag_severity, after.referral_badge) == (0, 0, "referred")
    assert after.open_prompt_count == state.open_prompt_count - 1


def test_a_re_evaluation_answers_the_re_evaluation_prompt(treated, therapist):
    Prompt.objects.create(
        episode=treated,
        visit=_visit(treated, therapist, 30, nprs=6),
        kind=PromptKind.REEVALUATION_DUE,
        message="Due.",
    )
    caseload_state_refresh(episode_ids=[treated.pk])
    assert _state(treated).reevaluation_prompted
    _baseline(treated, therapist, days_ago=5, kind="reevaluation")
    state = _state(treated)
    assert not state.reevaluation_prompted
    assert (state.baseline_date, state.visits_since_baseline) == (TODAY - timedelta(days=5), 0)


def test_amending_an_assessment_keeps_the_state(treated, therapist):
    _visit(treated, therapist, 30, nprs=6)
    assessment = Assessment.objects.get(episode=treated)
    amendment = AssessmentAmendment(
        nprs_current=3,
        nprs_best=None,
        nprs_worst=None,
        notes="",
        odi_sections=None,
        startback_items=None,
        startback_bothersomeness="",
        rmdq_items=None,
        fabq_items=None,
        objective=None,
    )
    assessment_amend(
        assessment=assessment,
        amendment=amendment,
        reason="Typed 7",
        loaded_version=assessment.version,
        user=therapist,
    )
    assert _state(treated).last_visit_status == Visit.objects.get(episode=treated).status


def test_a_flare_at_home_counts_until_acknowledged(treated, patient_account, therapist):
    log = _flare(treated, patient_account)
    assert _state(treated).unacknowledged_flares == 1
    flare_acknowledge(log=HomeLog.objects.get(pk=log.pk), user=therapist)
    assert _state(treated).unacknowledged_flares == 0


def test_answered_questionnaires_count_until_reviewed_or_used(treated, therapist, patient_account):
    def answered():
        sent, _ = questionnaires.questionnaire_send(
            episode=treated, user=therapist, include_odi=False, include_startback=False
        )
        assert _state(treated).unreviewed_questionnaires == 0
        return questionnaires.questionnaire_complete(questionnaire=sent, nprs=4, user=patient_account)

    first = answered()
    assert _state(treated).unreviewed_questionnaires == 1
    questionnaires.questionnaire_review(questionnaire=first, user=therapist)
    assert _state(treated).unreviewed_questionnaires == 0
    second = answered()
    assert _state(treated).unreviewed_questionnaires == 1
    questionnaires.questionnaire_mark_used(questionnaire=second, user=therapist)
    assert _state(treated).unreviewed_questionnaires == 0


def test_saving_a_copy_of_the_episode_loaded_earlier_keeps_the_state(treated, therapist):
    copy = Episode.objects.get(pk=treated.pk)
    _visit(treated, therapist, 30, nprs=9)
    copy.refresh_from_db(fields=["version"])  # the version moves only by the episode's own saves
    copy.recurrent = True
    episode_save(episode=copy)
    state = _state(treated)
    assert state.recurrent and state.last_visit_date == TODAY - timedelta(days=30)


def test_a_row_changed_behind_the_services_back_is_found(treated, therapist):
    visit = _visit(treated, therapist, 30, nprs=9)
    other = EpisodeFactory(patient=PatientFactory(clinic=treated.patient.clinic))
    assert drifted() == []
    Visit.objects.filter(pk=visit.pk).update(status="improved")
    assert drifted() == drifted([treated.pk, other.pk]) == [treated.pk]
    Prompt.objects.filter(episode=treated).update(
        status=PromptStatus.DISMISSED,
        dismissal_reason="Quietly",
        resolved_at=timezone.now(),
        resolved_by=therapist,
    )
    Episode.objects.filter(pk=other.pk).update(open_prompt_count=2)
    assert drifted() == [treated.pk, other.pk]
    caseload_state_refresh(episode_ids=[treated.pk, other.pk])
    assert drifted() == []
    assert Episode.objects.get(pk=treated.pk).last_visit_status == "improved"


def test_the_backfill_of_the_migration_agrees_with_the_selector(treated, therapist, episode):
    _visit(treated, therapist, 30, nprs=9, findings=frozenset({"progressive_weakness"}))
    assessment = _baseline(episode, therapist, days_ago=2, findings=("saddle_anesthesia",))
    referral_record(flag=assessment, entry=_referral(), user=therapist)
    _baseline(episode, therapist, days_ago=1, findings=("progressive_weakness",), kind="reevaluation")
    QuestionnaireRequest.objects.create(
        episode=treated, requested_by=therapist, status="completed", completed_at=timezone.now(), nprs=3
    )
    fields = {name: Episode._meta.get_field(name).get_default() for name in Episode.CASELOAD_STATE_FIELDS}
    Episode.objects.update(**fields)
    assert drifted() == sorted([treated.pk, episode.pk])
    with connection.cursor() as cursor:
        cursor.execute(BACKFILL)
    assert drifted() == []


def test_the_small_demo_and_the_bulk_seed_keep_the_state(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", patients=10, stdout=StringIO(), stderr=StringIO())
    assert Visit.objects.exists() and Episode.objects.filter(last_visit_date__isnull=False).exists()
    assert drifted() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_sessions_logged_at_the_same_moment_are_all_counted(patient, therapist, patient_account):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    version = _plan(episode, therapist)
    item = version.exercises.get()
    count = 4
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def log_a_flare() -> None:
        try:
            barrier.wait()
            home_log_record(
                episode=episode,
                plan_version=version,
                done_on=TODAY,
                exercises=[item],
                pain_before=2,
                pain_after=8,
                user=patient_account,
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_a_flare) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert _state(episode).unacknowledged_flares == count


@pytest.mark.parametrize(
    "filters", [DashboardFilter(), DashboardFilter(scope="clinic", status="worsened", prompt="any")]
)
def test_the_caseload_reads_the_stored_state_without_a_subquery_per_episode(therapist, filters):
    assert str(caseload(therapist, filters).query).count("SELECT") == 1
