import re
from datetime import date, timedelta

import pytest

from plans.models import PlanVersion
from tests.factories import PASSWORD, EpisodeFactory


def _log_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/caseload/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_assessment_to_approved_plan_then_a_new_version_and_its_diff(live_server, page, therapist, patient):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=9))
    _log_in(page, live_server, therapist)

    page.goto(f"{live_server.url}/episodes/{episode.code}/")
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Pain now (0-10)").fill("6")
    page.get_by_label("How far does the pain spread?").select_option("back_only")
    page.get_by_label("Muscle spasm", exact=True).check()
    page.get_by_label("Pain with movement", exact=True).check()
    page.get_by_label("Tender to touch in one area").check()
    page.get_by_role("button", name="Save and see the suggestion").click()

    page.wait_for_url("**/assessments/**")
    assert page.locator("[data-testid=red-flag-banner]").count() == 0
    causes = page.locator("[data-testid=causes] li")
    assert "Muscle strain" in causes.first.inner_text()
    assert "Muscle spasm" in causes.first.inner_text()
    assert page.locator("[data-testid=stage]").inner_text() == "acute"
    suggested = page.locator("[data-testid=proposed-exercises] tbody tr").count()
    assert suggested >= 4

    page.get_by_role("link", name="Edit and approve the plan").click()
    rows = page.locator("#exercise-rows .exercise-row")
    assert rows.count() == suggested + 1  # the suggestion and one blank row to add an exercise
    # Drop the last suggested exercise and move the second one up.
    rows.nth(suggested - 1).get_by_label("Remove").check()
    page.locator("#exercise-rows .exercise-row").nth(1).get_by_role("button", name="Move up").click()
    page.get_by_role("button", name="Approve version 1").click()
    page.wait_for_url("**/plan/v1/")
    assert page.locator("[data-testid=plan-exercises] li").count() == suggested - 1

    page.get_by_role("link", name="Change the plan").click()
    page.get_by_role("button", name="Approve version 2").click()
    assert page.get_by_text("This field is required").count() >= 1  # the reason is required
    page.get_by_label("Why is the plan changing?").fill("Pain easing at the second visit; more sets.")
    first = page.locator("#exercise-rows .exercise-row").first
    first.get_by_label("Sets").fill("3")
    page.get_by_role("button", name="Approve version 2").click()
    page.wait_for_url("**/plan/v2/")
    assert "Pain easing" in page.locator("[data-testid=version-reason]").inner_text()

    page.get_by_role("link", name="Compare versions").click()
    diff = page.locator("[data-testid=plan-diff]")
    # the first exercise now has 3 sets: "3 × 10" with repetitions, "3 sets" for a timed one
    assert "Changed" in diff.inner_text() and re.search(r"\b3 (×|sets)", diff.inner_text())
    assert PlanVersion.objects.filter(plan__episode=episode).count() == 2
    v1 = PlanVersion.objects.get(plan__episode=episode, number=1)
    assert v1.reason == "" and v1.exercises.count() == suggested - 1
