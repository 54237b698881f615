"""A therapist opens an episode, is led to the assessment first (pain spread unanswered until chosen),
approves the plan, and then finds the visit form with no adherence filled in for a patient who logged
nothing; archiving the episode asks why."""

from datetime import date, timedelta

import pytest

from patients.models import Episode
from tests.e2e.test_assessment_to_plan import _log_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_episode_assessment_first_then_a_visit_without_default_adherence(
    live_server, page, therapist, patient
):
    _log_in(page, live_server, therapist)
    page.goto(f"{live_server.url}/patients/{patient.code}/")
    page.get_by_role("link", name="New episode").click()

    assert page.locator("[name=discharge_date]").count() == 0
    assert page.locator("[name=status]").count() == 0
    page.get_by_label("Onset date").fill((date.today() - timedelta(days=5)).isoformat())
    page.locator("select[name=onset]").select_option("sudden")
    page.get_by_role("button", name="Open the episode").click()
    page.wait_for_url("**/episodes/**")

    actions = page.locator("[data-testid=episode-actions]")
    assert actions.locator(".btn-primary").inner_text() == "Record an assessment"
    assert page.get_by_role("button", name="Record a visit").is_disabled()
    page.get_by_role("link", name="Record an assessment").click()

    spread = page.get_by_label("How far does the pain spread?")
    assert spread.input_value() == ""
    page.get_by_label("Pain now (0-10)").fill("5")
    page.get_by_label("Muscle spasm", exact=True).check()
    page.get_by_label("Pain with movement", exact=True).check()
    page.get_by_role("button", name="Save and see the suggestion").click()
    assert page.get_by_text("Choose how far the pain spreads.").is_visible()
    assert "is-invalid" in (page.get_by_label("How far does the pain spread?").get_attribute("class") or "")
    page.get_by_label("How far does the pain spread?").select_option("buttock_thigh")
    page.get_by_role("button", name="Save and see the suggestion").click()
    page.wait_for_url("**/assessments/**")

    page.goto(f"{live_server.url}/episodes/{Episode.objects.get().code}/")
    assert actions.locator(".btn-primary").inner_text() == "Edit and approve the plan"
    actions.get_by_role("link", name="Edit and approve the plan").click()
    page.get_by_role("button", name="Approve version 1").click()
    page.wait_for_url("**/plan/v1/")

    page.goto(f"{live_server.url}/episodes/{Episode.objects.get().code}/")
    assert actions.locator(".btn-primary").inner_text() == "Record a visit"
    actions.get_by_role("link", name="Record a visit").click()
    page.wait_for_url("**/visits/new/")
    assert page.get_by_label("Home exercises done (% of prescribed sessions)").input_value() == ""
    assert "no sessions logged" in page.locator("[data-testid=home-adherence]").inner_text()
    assert "0%" not in page.locator("[data-testid=home-summary]").inner_text()
    checked_odi = page.locator("input[name^=odi_]:checked")
    assert checked_odi.count() == 0

    page.goto(f"{live_server.url}/episodes/{Episode.objects.get().code}/")
    page.get_by_role("button", name="Archive…").click()
    page.get_by_role("button", name="Archive the episode").click()
    assert page.get_by_text("Say why the episode is archived.").count() == 1
    page.get_by_label("Why is this episode archived?").fill("Opened for the wrong patient.")
    page.get_by_role("button", name="Archive the episode").click()
    page.wait_for_url(f"**/patients/{patient.code}/")
    episode = Episode.objects.get()
    assert not episode.is_active and episode.archive_reason == "Opened for the wrong patient."
