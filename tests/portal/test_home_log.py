"""Logging a home session and reading my history, through real HTTP."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import HomeLog
from plans.portal import forms
from plans.services.home_logs import home_log_record
from tests.access_matrix import PORTAL_PAGE, cells, check, row
from tests.portal.conftest import approve, exercise_row

LOG = "/portal/log/"
HISTORY = "/portal/history/"


def _data(version, **overrides):
    data = {
        "exercises": [item.pk for item in version.exercises.all()],
        "pain_before": "3",
        "pain_after": "2",
        "done_on": timezone.localdate().isoformat(),
        "comment": "Felt looser afterwards.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_lists_my_plan_exercises_as_labelled_checkboxes(portal_client, plan_version):
    html = portal_client.get(LOG).text
    for item in plan_version.exercises.all():
        assert f'value="{item.pk}"' in html
        assert item.exercise.name in html
    # Pain as eleven big radio buttons per question, each with its own label.
    assert html.count('name="pain_before"') == 11 and html.count('name="pain_after"') == 11
    assert 'for="id_pain_before_10"' in html
    assert "<legend" in html and "Pain before you started (0-10)" in html


def test_logging_a_session_saves_it_with_its_history(portal_client, patient_account, plan_version, episode):
    response = portal_client.post(LOG, _data(plan_version))
    assert response.status_code == 302 and response["Location"] == HISTORY
    log = HomeLog.objects.get()
    assert log.episode == episode and log.plan_version == plan_version
    assert set(log.exercises.all()) == set(plan_version.exercises.all())
    assert (log.pain_before, log.pain_after, log.comment) == (3, 2, "Felt looser afterwards.")
    assert log.done_on == timezone.localdate()
    assert [h.history_user for h in log.history.all()] == [patient_account]
    page = portal_client.get(HISTORY)
    assert "Felt looser afterwards." in page.text and "Pain 3 → 2" in page.text


def test_one_exercise_is_enough(portal_client, plan_version):
    first = plan_version.exercises.first()
    portal_client.post(LOG, _data(plan_version, exercises=[first.pk], comment=None))
    assert list(HomeLog.objects.get().exercises.all()) == [first]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"exercises": None}, "exercises", "Tick at least one exercise you did."),
        ({"exercises": ["999999"]}, "exercises", "Tick only exercises from your plan."),
        ({"exercises": ["abc"]}, "exercises", "Tick only exercises from your plan."),
        ({"pain_before": None}, "pain_before", "for your pain before you started"),
        ({"pain_before": "11"}, "pain_before", "Choose a number from 0 (no pain) to 10"),
        ({"pain_before": "-1"}, "pain_before", "Choose a number from 0 (no pain) to 10"),
        ({"pain_after": "seven"}, "pain_after", "for your pain when you finished"),
        ({"pain_after": ""}, "pain_after", "for your pain when you finished"),
        ({"done_on": "2999-01-01"}, "done_on", "The date cannot be in the future."),
        ({"done_on": "not a date"}, "done_on", "Enter a real date."),
        ({"done_on": ""}, "done_on", "Give the day you did the exercises."),
        ({"comment": "x" * 1001}, "comment", "Keep your note under 1,000 characters."),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field(portal_client, plan_version, overrides, field, message):
    response = portal_client.post(LOG, _data(plan_version, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    assert f'id="id_{field}_error"' in response.text  # rendered next to the field
    assert "Nothing was saved yet" in response.text
    assert HomeLog.objects.count() == 0


def test_what_was_typed_is_kept_after_an_error(portal_client, plan_version):
    response = portal_client.post(LOG, _data(plan_version, pain_after="11", comment="Kept note"))
    assert "Kept note" in response.text
    assert 'id="id_pain_before_3" value="3" autocomplete="off" checked' in response.text


def test_a_day_before_the_plan_started_is_refused(portal_client, plan_version):
    before = (plan_version.approved_at - timedelta(days=1)).date().isoformat()
    response = portal_client.post(LOG, _data(plan_version, done_on=before))
    assert "Your plan started on" in " ".join(response.context["form"].errors["done_on"])
    assert HomeLog.objects.count() == 0


def test_a_flare_gets_safety_advice(portal_client, plan_version):
    response = portal_client.post(LOG, _data(plan_version, pain_before="2", pain_after="6"), follow=True)
    assert "Your pain went up by 3 points or more" in response.text
    assert "Pain went up" in response.text  # the badge in the history list
    assert HomeLog.objects.get().flared


def test_without_a_plan_the_log_page_sends_me_home(portal_client, episode):
    response = portal_client.get(LOG, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"
    assert "once your therapist has given you a plan" in response.text
    assert portal_client.post(LOG, {"pain_before": "1"}).status_code == 302
    assert HomeLog.objects.count() == 0


def test_logs_go_to_the_current_version(portal_client, episode, therapist, plan_version):
    v2 = approve(episode, therapist, exercises=[exercise_row("cat-camel")], reason="Change")
    html = portal_client.get(LOG).text
    assert f'value="{v2.exercises.get().pk}"' in html
    assert all(f'value="{item.pk}"' not in html for item in plan_version.exercises.all())
    portal_client.post(LOG, _data(v2))
    assert HomeLog.objects.get().plan_version == v2


# History: paginated, with a chart of pain over time ------------------------------------------------


def _log_days(version, user, days: int, *, pain_after=2):
    today = timezone.localdate()
    for n in range(days):
        home_log_record(
            episode=version.plan.episode,
            plan_version=version,
            done_on=today,
            exercises=list(version.exercises.all()),
            pain_before=4,
            pain_after=pain_after if n else 8,
            comment=f"Session {n}",
            user=user,
        )


def test_history_is_paginated_and_charted(portal_client, patient_account, plan_version):
    _log_days(plan_version, patient_account, 12)
    first = portal_client.get(HISTORY)
    assert first.text.count('class="card mb-2"') == 10
    assert "Page 1 of 2" in first.text
    second = portal_client.get(HISTORY + "?page=2")
    assert second.text.count('class="card mb-2"') == 2
    chart = first.text[first.text.index('data-testid="pain-chart"') :]
    assert "<svg" in chart and 'role="img"' in chart and "<title" in chart
    assert chart.count("<circle") == 24  # one point per session for pain before and for pain after
    assert first.text.count('<tr><th scope="row">') == 12  # the table with the same numbers
    assert "Pain went up" in second.text  # the first session, 4 -> 8


def test_history_without_sessions(portal_client, plan_version):
    html = portal_client.get(HISTORY).text
    assert "Your chart will appear here" in html and "<svg" not in html


def test_history_queries_do_not_grow_with_sessions(
    portal_client, patient_account, plan_version, django_assert_max_num_queries
):
    _log_days(plan_version, patient_account, 2)
    with django_assert_max_num_queries(9):
        assert portal_client.get(HISTORY).status_code == 200
    _log_days(plan_version, patient_account, 25)
    with django_assert_max_num_queries(9):
        assert portal_client.get(HISTORY).status_code == 200


def test_log_page_queries_are_bounded(portal_client, plan_version, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert portal_client.get(LOG).status_code == 200


# --- Who may open it ------------------------------------------------------------------------------


def _portal(name):
    def url(get):
        get("plan_version")
        return reverse(f"portal:{name}")

    return url


ACCESS = cells(
    row("log", _portal("log"), PORTAL_PAGE, contains=("Bottom lift (bridge)",)),
    row("history", _portal("history"), PORTAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)


def test_a_plan_changed_while_the_form_was_open_says_so(portal_client, plan_version, episode, therapist):
    approve(episode, therapist, exercises=[exercise_row("glute-bridge", reps=12)], reason="Progressed")

    response = portal_client.post(LOG, _data(plan_version))  # the ticks of the version shown before

    assert response.status_code == 200
    assert response.context["form"].errors["exercises"] == [forms.PLAN_CHANGED]
    assert 'id="id_exercises_error"' in response.text and "changed your plan" in response.text
    assert HomeLog.objects.count() == 0


@pytest.mark.parametrize("tampered", ["²", "١٢", "x"])
def test_a_tampered_tick_is_a_field_message_not_an_error(portal_client, plan_version, tampered):
    response = portal_client.post(LOG, _data(plan_version, exercises=[tampered]))
    assert response.status_code == 200 and "exercises" in response.context["form"].errors
    assert HomeLog.objects.count() == 0
