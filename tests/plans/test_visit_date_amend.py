"""Amending a visit's date: the visit is re-sorted on the chart and it and the visits after its
earlier place are judged again; a day before its baseline, in the future or past a later assessment
is refused on the date's field, with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from plans.models import Visit
from tests.plans.test_visit_amend import _amend, _chart_points, treated_episode  # noqa: F401 (a fixture)
from tests.plans.test_visits import TODAY, _baseline, _visit

REASON = "Recorded on the wrong day."


@pytest.fixture
def two_visits(therapist_client, treated_episode):  # noqa: F811
    """After a baseline of NPRS 7 forty days ago: pain 9 thirty-three days ago, then 6 thirty days ago."""
    _visit(therapist_client, treated_episode, 33, nprs="9")
    _visit(therapist_client, treated_episode, 30, nprs="6")
    return list(Visit.objects.order_by("visit_date"))


def _move(client, visit, days_ago, **fields):
    day = (TODAY - timedelta(days=days_ago)).isoformat()
    return _amend(client, visit, nprs=str(visit.nprs), reason=REASON, visit_date=day, **fields)


def test_a_moved_visit_is_re_sorted_and_judged_again(therapist_client, therapist, two_visits):
    first, second = two_visits
    assert second.judgement["nprs"]["change_from_previous"] == -3
    response = _move(therapist_client, first, 28)
    assert response.status_code == 302, response.context["form"].errors
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.visit_date == TODAY - timedelta(days=28)
    # The 6 now comes first: compared with the baseline only; the 9 after it, with the 6 before.
    assert second.judgement["nprs"]["change_from_previous"] == -1
    assert first.judgement["nprs"]["change_from_previous"] == 3 and first.judgement["nprs"]["best"] == 6
    assert first.status == "worsened" and second.status == "unchanged"
    chart = _chart_points(therapist_client, first.episode)
    assert chart.index(f"Visit {second.visit_date:%d %b %Y}: 6") < chart.index(
        f"Visit {first.visit_date:%d %b %Y}: 9"
    )

    old, new = list(first.history.order_by("history_date"))[-2:]
    assert old.visit_date == TODAY - timedelta(days=33) and new.history_change_reason == REASON
    history = therapist_client.get(reverse("plans:visit_history", args=[first.code])).content.decode()
    was, now = TODAY - timedelta(days=33), TODAY - timedelta(days=28)
    assert f'<th scope="row">Visit date</th><td>{was:%d %b %Y}</td><td>{now:%d %b %Y}</td>' in history


@pytest.mark.parametrize(
    ("days_ago", "message"),
    [
        (45, "The visit cannot be before its baseline, the initial evaluation of "),
        (-1, "The visit date cannot be in the future."),
        (60, "The visit cannot be before the episode's onset date"),
    ],
)
def test_a_day_outside_the_baseline_is_refused_on_its_field(therapist_client, two_visits, days_ago, message):
    first = two_visits[0]
    response = _move(therapist_client, first, days_ago)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["visit_date"] and errors["visit_date"][0].startswith(message)
    saved = Visit.objects.get(pk=first.pk)
    assert (saved.visit_date, saved.version, saved.amended_at) == (first.visit_date, first.version, None)


def test_a_day_past_a_later_assessment_is_refused(therapist_client, therapist, two_visits):
    first = two_visits[0]
    _baseline(first.episode, therapist, days_ago=20, kind="reevaluation")
    response = _move(therapist_client, first, 15)
    assert response.context["form"].errors["visit_date"] == [
        f"The re-evaluation of {TODAY - timedelta(days=20):%d %b %Y} comes before that day: the visit "
        "would be judged against it instead of its own baseline. Record a new visit instead."
    ]
    assert Visit.objects.get(pk=first.pk).visit_date == first.visit_date


def test_a_colleague_cannot_move_a_visit(client, colleague, outsider, two_visits):
    first = two_visits[0]
    url = reverse("plans:visit_amend", args=[first.code])
    day = (TODAY - timedelta(days=28)).isoformat()
    data = {"visit_date": day, "nprs": "9", "reason": REASON, "version": first.version}
    for user, status in ((colleague, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(url, data).status_code == status
    assert Visit.objects.get(pk=first.pk).visit_date == first.visit_date
