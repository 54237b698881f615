"""The day a plan started is the clinic's local day of its first approval, wherever it is read."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from plans.selectors.home_logs import _plan_start
from tests.factories import PlanVersionFactory

# 12:00 UTC on 1 December is already 2 December in Auckland (UTC+13) and still 1 December in Honolulu.
APPROVED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "day"), [("Pacific/Auckland", date(2026, 12, 2)), ("Pacific/Honolulu", date(2026, 12, 1))]
)
def test_the_plan_starts_on_the_local_day_of_its_first_approval(zone, day):
    version = PlanVersionFactory(approved_at=APPROVED)
    with timezone.override(zone):
        assert _plan_start(version.plan.episode) == day
        assert version.approved_on == day
