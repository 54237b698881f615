from datetime import date, timedelta

import pytest

from plans.models import PlanVersion, Prompt
from tests.e2e.test_assessment_to_plan import _log_in
from tests.factories import EpisodeFactory
from tests.plans.test_visits import _baseline, _plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worsening_visit_prompts_regression_and_acting_makes_a_new_plan_version(
    live_server, page, therapist, patient
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=30))
    _baseline(episode, therapist, days_ago=14, nprs=5)
    _plan(episode, therapist)
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    _log_in(page, live_server, therapist)

    page.goto(f"{live_server.url}/episodes/{episode.code}/")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Visit date").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Pain now (0-10)").fill("8")
    page.get_by_label("Worse", exact=True).check()
    page.get_by_label("Home exercises done (% of prescribed sessions)").fill("90")
    page.get_by_label("Pelvic tilt").check()
    page.get_by_role("button", name="Save visit").click()

    page.wait_for_url("**/visits/**")
    assert page.locator("[data-testid=visit-status]").inner_text() == "Worsened"
    regression = page.locator("[data-testid=prompt-regression]")
    assert "Regression: pain (NPRS) worsened" in regression.inner_text()

    page.get_by_role("link", name="Caseload").click()
    row = page.locator("[data-testid=caseload] tbody tr", has_text=patient.family_name)
    assert row.locator("[data-testid=dashboard-prompt-regression]").count() == 1
    row.get_by_role("link").first.click()

    page.locator("[data-testid=open-prompts] [data-testid=prompt-regression]").get_by_role(
        "link", name="Change the plan"
    ).click()
    reason = page.get_by_label("Why is the plan changing?")
    assert reason.input_value().startswith("Regression: pain (NPRS) worsened")
    page.locator("#exercise-rows .exercise-row").first.get_by_label("Sets").fill("1")
    page.get_by_role("button", name="Approve version 2").click()
    page.wait_for_url("**/plan/v2/")
    assert "Regression" in page.locator("[data-testid=version-reason]").inner_text()

    prompt = Prompt.objects.get(kind="regression")
    assert prompt.status == "acted" and prompt.plan_version == PlanVersion.objects.get(number=2)
    page.get_by_role("link", name="Caseload").click()
    assert page.locator("[data-testid=dashboard-prompt-regression]").count() == 0
