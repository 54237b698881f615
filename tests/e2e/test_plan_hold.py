from datetime import date, timedelta

import pytest

from plans.models import PlanVersion, Referral
from tests.e2e.test_assessment_to_plan import _log_in
from tests.factories import EpisodeFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_urgent_assessment_holds_the_plan_until_the_referral_is_recorded(
    live_server, page, therapist, patient
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=9))
    _log_in(page, live_server, therapist)

    page.goto(f"{live_server.url}/episodes/{episode.code}/assessments/new/")
    page.get_by_label("Pain now (0-10)").fill("6")
    page.get_by_label("How far does the pain spread?").select_option("back_only")
    page.get_by_label("Weakness that is getting worse").check()
    page.get_by_role("button", name="Save and see the suggestion").click()
    page.wait_for_url("**/assessments/**")
    assert page.locator("[data-testid=plan-hold]").count() == 1

    page.goto(f"{live_server.url}/caseload/")
    assert page.locator("[data-testid=badge-held]").inner_text() == "HELD: referral needed"

    page.goto(f"{live_server.url}/episodes/{episode.code}/plan/edit/?from_assessment=1")
    hold = page.locator("[data-testid=plan-hold]")
    assert "What to do" in hold.inner_text() and "same day" in hold.inner_text()
    assert page.get_by_role("button", name="Approve version 1").is_disabled()
    assert page.locator("[data-testid=hold-override]").count() == 1  # urgent: an override is offered
    hold.get_by_label("Referred to").fill("GP Dr Shah")
    assert hold.get_by_label("How urgently").input_value() == "same_day"  # what the level calls for
    assert hold.get_by_label("Referral made at").input_value()  # now, pre-filled
    hold.get_by_role("button", name="Record the referral made").click()
    page.wait_for_url("**/plan/edit/**")
    assert page.locator("[data-testid=plan-hold]").count() == 0
    assert Referral.objects.get().referred_to == "GP Dr Shah"

    page.get_by_role("button", name="Approve version 1").click()
    page.wait_for_url("**/plan/v1/")
    assert PlanVersion.objects.filter(plan__episode=episode).count() == 1
    page.goto(f"{live_server.url}/caseload/")
    assert page.locator("[data-testid=badge-referred]").inner_text() == "Referral recorded"
