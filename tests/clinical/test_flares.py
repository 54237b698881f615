"""The pain-flare rule after a home session (plans.clinical.flares): a rise of 3 points or more."""

import pytest

from plans.clinical.flares import FLARE_POINTS, is_flare


@pytest.mark.parametrize(
    ("before", "after", "flare"),
    [(2, 4, False), (2, 5, True), (0, 3, True), (7, 10, True), (5, 5, False), (6, 2, False), (8, 10, False)],
)
def test_a_flare_is_a_rise_of_three_points_or_more(before, after, flare):
    assert FLARE_POINTS == 3
    assert is_flare(before, after) is flare


def test_the_database_and_the_model_use_the_same_rule(db, patient, therapist):
    from django.utils import timezone

    from plans.models import HomeLog
    from tests.factories import EpisodeFactory
    from tests.portal.conftest import approve, exercise_row

    episode = EpisodeFactory(patient=patient, onset_date=timezone.localdate())
    version = approve(episode, therapist, exercises=[exercise_row("cat-camel")], goals=[])
    logs = [
        HomeLog.objects.create(
            episode=episode, plan_version=version, done_on=timezone.localdate(), pain_before=b, pain_after=a
        )
        for b, a in [(2, 4), (2, 5), (7, 10), (6, 2)]
    ]
    assert {log.pk for log in logs if log.flared} == set(
        HomeLog.objects.flares().values_list("pk", flat=True)
    )
    assert HomeLog.objects.flares().count() == 2
