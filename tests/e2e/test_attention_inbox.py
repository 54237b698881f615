"""Issue 10's browser check, on a phone-sized screen: a cauda equina finding entered through the
assessment form is first on the caseload and in the inbox (above another patient's regression); its
action leads to recording the referral, which takes it off; a flare the patient logs on the portal
(in a second browser context) is in the therapist's inbox after a reload."""

from datetime import date, timedelta

import pytest

from plans.clinical.vocabulary import ExerciseKind
from plans.models import Assessment, Exercise
from plans.services import visits
from plans.services.plan_versions import PlanContent, plan_version_approve
from tests.factories import PASSWORD, EpisodeFactory, PatientFactory
from tests.plans.test_visits import _baseline

PHONE = {"width": 360, "height": 740}
TODAY = date.today()


def _log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def regressing_with_plan(patient, therapist):
    """Maria Lopez: baseline, a plan of one exercise this test makes itself, a worse visit."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist, days_ago=14, nprs=5)
    exercise = Exercise.objects.create(
        slug="e2e-inbox-bridge",
        name="Bottom lift",
        kind=ExerciseKind.STABILIZATION,
        instructions="Lift slowly.",
        approved=True,
    )
    row = {"sets": 2, "reps": 10, "hold_seconds": None, "times_per_day": 1, "days_per_week": 7}
    plan_version_approve(
        episode=episode,
        content=PlanContent(
            review_date=TODAY + timedelta(days=14),
            exercises=[{**row, "exercise": exercise}],
            education=[],
            goals=[],
        ),
        user=therapist,
    )
    visits.visit_record(
        episode=episode, entry=visits.VisitEntry(visit_date=TODAY - timedelta(days=1), nprs=9), user=therapist
    )
    return episode


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cauda_equina_first_until_referred_and_a_portal_flare_reaches_the_inbox(
    live_server, browser, therapist, patient_account, regressing_with_plan, clinic
):
    zeller = PatientFactory(
        clinic=clinic, primary_therapist=therapist, given_name="Ida", family_name="Zeller"
    )
    episode = EpisodeFactory(patient=zeller, onset_date=TODAY - timedelta(days=3))
    staff = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = staff.new_page()
    _log_in(page, live_server, therapist.username)
    page.wait_for_url("**/caseload/")
    items = page.locator("[data-testid=attention-item]")
    assert items.first.get_attribute("data-kind") == "regression"

    page.goto(f"{live_server.url}/episodes/{episode.code}/")
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Pain now (0-10)").fill("7")
    page.get_by_label("How far does the pain spread?").select_option("back_only")
    page.get_by_label("Numbness in the saddle area (groin, buttocks, genitals)").check()
    page.get_by_role("button", name="Save and see the suggestion").click()
    page.wait_for_url("**/assessments/**")
    assert Assessment.objects.get(episode=episode).triage_level == "emergency"

    page.goto(f"{live_server.url}/caseload/")
    first = items.first
    assert first.get_attribute("data-kind") == "red_flag"
    assert "Zeller" in first.inner_text() and "emergency" in first.inner_text().lower()
    assert items.nth(1).get_attribute("data-kind") == "regression" and "Lopez" in items.nth(1).inner_text()
    rows = page.locator("[data-testid=caseload] tbody tr")
    assert "Zeller" in rows.first.inner_text() and "Red flag (emergency)" in rows.first.inner_text()
    count = page.locator("[data-testid=nav-attention]")
    # and the initial evaluation of 14 days ago, whose note is not signed
    assert count.get_attribute("aria-label") == "3 items need your attention, 1 red flag"
    assert _fits_the_screen(page)

    page.goto(f"{live_server.url}/attention/")
    assert items.first.get_attribute("data-kind") == "red_flag" and "Zeller" in items.first.inner_text()
    assert _fits_the_screen(page)
    items.first.get_by_role("link", name="Record the referral").click()
    page.wait_for_url("**/assessments/**/referral/**")
    assert page.get_by_label("How urgently").input_value() == "emergency"  # what the level calls for
    page.get_by_label("Referred to").fill("999 ambulance to the emergency department.")
    page.get_by_role("button", name="Record the referral made").click()
    assert "999 ambulance" in page.locator("[data-testid=referral-recorded]").inner_text()
    page.goto(f"{live_server.url}/attention/")
    kinds = [items.nth(i).get_attribute("data-kind") for i in range(items.count())]
    assert kinds == ["regression", "unsigned_note"]

    patient_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    portal = patient_context.new_page()
    _log_in(portal, live_server, "maria")
    portal.wait_for_url("**/portal/")
    portal.get_by_role("link", name="I did my exercises").click()
    portal.get_by_label("Bottom lift").check()
    portal.get_by_role("group", name="Pain before you started (0-10)").get_by_text("2", exact=True).click()
    portal.get_by_role("group", name="Pain when you finished (0-10)").get_by_text("6", exact=True).click()
    portal.get_by_role("button", name="Save my session").click()
    portal.wait_for_url("**/portal/history/")
    assert "Your therapist will see this" in portal.locator("main").inner_text()

    page.reload()
    flare = page.locator("[data-testid=attention-item][data-kind=flare]")
    assert flare.count() == 1 and "pain 2 → 6" in flare.inner_text() and "Lopez" in flare.inner_text()
    flare.get_by_role("button", name="I've seen this").click()
    assert page.locator("[data-testid=attention-item][data-kind=flare]").count() == 0
    patient_context.close()
    staff.close()
