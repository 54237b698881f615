"""A superuser deleting clinical records in the admin (the delete page, or the changelist's "delete
selected" action) refreshes the caseload state of their episodes in the same transaction, as the
services do for every other write: afterwards nothing has drifted and the counts have moved."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from patients.models import Episode
from plans.admin import ReadOnlyClinicalAdmin
from plans.models import Assessment, HomeLog, PlanVersion, Prompt, PromptStatus, Visit
from plans.selectors.caseload_state import drifted
from plans.services.visits import VisitEntry, visit_record
from tests.factories import EpisodeFactory, PatientFactory, UserFactory
from tests.plans.test_caseload_state import _flare, _state
from tests.plans.test_visits import TODAY, _baseline, _plan

ROUTES = ["delete page", "changelist action"]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _delete(client, route, rows):
    """Delete ``rows`` (of one model) through the admin; the last response."""
    model = type(rows[0])
    if route == "delete page":
        for row in rows:
            response = client.post(_url(model, "delete", row.pk), {"post": "yes"})
        return response
    data = {"action": "delete_selected", "_selected_action": [row.pk for row in rows], "post": "yes"}
    return client.post(_url(model, "changelist"), data)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("route", ROUTES)
def test_deleting_a_visits_open_prompts_then_the_visit(superuser_client, treated, therapist, route):
    visit = visit_record(
        episode=treated, entry=VisitEntry(visit_date=TODAY - timedelta(days=10), nprs=9), user=therapist
    )
    prompts = list(Prompt.objects.filter(visit=visit, status=PromptStatus.OPEN))
    before = _state(treated)
    assert before.open_prompt_count == len(prompts) > 0
    assert (before.last_visit_date, before.visits_since_baseline) == (visit.visit_date, 1)

    # The visit's prompts protect it: the admin refuses, and nothing changes.
    assert _delete(superuser_client, route, [visit]).status_code == 200
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert _state(treated).open_prompt_count == len(prompts)

    assert _delete(superuser_client, route, prompts).status_code == 302
    assert not Prompt.objects.filter(visit=visit).exists()
    state = _state(treated)
    assert (state.open_prompt_count, state.other_open_prompts) == (0, 0)
    assert state.last_visit_date == visit.visit_date

    assert _delete(superuser_client, route, [visit]).status_code == 302
    assert not Visit.objects.filter(pk=visit.pk).exists()
    state = _state(treated)
    assert (state.last_visit_date, state.last_visit_status, state.visits_since_baseline) == (None, "", 0)


@pytest.mark.parametrize("route", ROUTES)
def test_deleting_a_home_log_flare(superuser_client, treated, patient_account, route):
    log = _flare(treated, patient_account)
    assert _state(treated).unacknowledged_flares == 1
    assert _delete(superuser_client, route, [log]).status_code == 302
    assert not HomeLog.objects.filter(pk=log.pk).exists()
    assert _state(treated).unacknowledged_flares == 0


@pytest.mark.parametrize("route", ROUTES)
def test_deleting_a_red_flag_assessment(superuser_client, episode, therapist, route):
    assessment = _baseline(episode, therapist, days_ago=1, findings=("saddle_anesthesia",))
    state = _state(episode)
    assert (state.baseline_date, state.unreferred_assessment_flags, state.red_flag_severity) == (
        assessment.assessed_on,
        1,
        3,
    )
    assert state.referral_badge == "held"
    assert _delete(superuser_client, route, [assessment]).status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    state = _state(episode)
    assert (state.baseline_date, state.unreferred_assessment_flags, state.red_flag_severity) == (None, 0, 0)
    assert state.referral_badge == ""


def test_one_action_over_two_episodes_refreshes_both(superuser_client, treated, patient, patient_account):
    other = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(other, patient.primary_therapist)
    _plan(other, patient.primary_therapist)
    logs = [_flare(treated, patient_account), _flare(other, patient_account)]
    assert [_state(e).unacknowledged_flares for e in (treated, other)] == [1, 1]
    assert _delete(superuser_client, "changelist action", logs).status_code == 302
    assert drifted([treated.pk, other.pk]) == []
    assert [_state(e).unacknowledged_flares for e in (treated, other)] == [0, 0]


@pytest.mark.parametrize("route", ROUTES)
def test_deleting_a_plan_version_reaches_its_episode_through_the_plan(superuser_client, treated, route):
    version = PlanVersion.objects.get(plan__episode=treated)
    assert _delete(superuser_client, route, [version]).status_code == 302
    assert not PlanVersion.objects.filter(pk=version.pk).exists()
    assert drifted([treated.pk]) == []


def test_a_row_of_another_episode_is_left_alone(superuser_client, treated, patient_account):
    bystander = EpisodeFactory(patient=PatientFactory(clinic=treated.patient.clinic))
    _state(bystander)
    log = _flare(treated, patient_account)
    assert _delete(superuser_client, "delete page", [log]).status_code == 302
    assert drifted() == []


def _cascaded(model, seen):
    for relation in model._meta.related_objects:
        if relation.on_delete is models.CASCADE and relation.related_model not in seen:
            seen.add(relation.related_model)
            _cascaded(relation.related_model, seen)
    return seen


def test_what_a_clinical_delete_cascades_to_has_no_episode_of_its_own():
    """The delete refreshes the deleted rows' own episodes: right only while no row it cascades to
    belongs to an episode of its own (every other reference protects the row)."""
    clinical = [m for m, a in admin.site._registry.items() if isinstance(a, ReadOnlyClinicalAdmin)]
    assert Visit in clinical and HomeLog in clinical
    for model in clinical:
        for child in _cascaded(model, set()):
            episode_fks = [f for f in child._meta.concrete_fields if f.related_model is Episode]
            assert not episode_fks, f"{model.__name__} cascades to {child.__name__}, which has an episode"
