from datetime import date, timedelta

import pytest

from plans.models import ClinicalNote
from tests.e2e.pages import serious_violations
from tests.e2e.test_assessment_to_plan import _log_in
from tests.factories import EpisodeFactory, make_staff
from tests.plans.test_visits import _baseline, _plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visit_note_is_drafted_signed_locked_and_amended_with_its_history(
    live_server, page, therapist, patient, clinic
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=30))
    _baseline(episode, therapist, days_ago=14, nprs=6)
    _plan(episode, therapist)
    _log_in(page, live_server, therapist)

    page.goto(f"{live_server.url}/episodes/{episode.code}/")
    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Visit date").fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Pain now (0-10)").fill("3")
    page.get_by_role("button", name="Save visit").click()
    page.wait_for_url("**/visits/**")

    page.get_by_role("link", name="Write the note").click()
    page.wait_for_url("**/note/")
    subjective = page.get_by_label("Subjective")
    assert "Pain now (NPRS): 3/10." in subjective.input_value()
    assert (
        "Pain (NPRS): 6 -> 3 (-3); improved, beyond the MCID of 2"
        in page.get_by_label("Assessment", exact=True).input_value()
    )
    assert serious_violations(page) == []
    page.get_by_label("Plan", exact=True).fill("Keep the plan; review in a week.")
    page.get_by_role("button", name="Sign", exact=True).click()
    assert "Note signed." in page.inner_text("body")
    assert "Keep the plan; review in a week." in page.locator("[data-testid=signed-note]").inner_text()
    assert page.locator("[data-testid=note-form]").count() == 0  # no edit form once signed
    assert serious_violations(page) == []

    # An edit posted to the signed note (a stale tab) is refused, and the text stays.
    response = page.request.post(
        page.url,
        form={"action": "save", "plan": "Changed quietly.", "csrfmiddlewaretoken": _csrf(page)},
        headers={"Referer": page.url},
    )
    assert response.status == 409 and "signed and locked" in response.text()
    assert ClinicalNote.objects.get().plan == "Keep the plan; review in a week."

    colleague = make_staff(clinic, username="olga", first_name="Olga", last_name="Berg")
    page.context.clear_cookies()
    _log_in(page, live_server, colleague)
    page.goto(f"{live_server.url}/visits/{ClinicalNote.objects.get().visit.code}/note/")
    page.locator("[data-testid=amend-form]").get_by_label("Plan", exact=True).fill("Add bird dog next visit.")
    page.get_by_role("button", name="Save the amendment").click()
    assert "This field is required." in page.inner_text("body")  # no reason: nothing saved
    page.locator("[data-testid=amend-form]").get_by_label("Plan", exact=True).fill("Add bird dog next visit.")
    page.get_by_label("Reason for the amendment").fill("Progression agreed with the patient.")
    page.get_by_role("button", name="Save the amendment").click()
    assert "Amendment saved." in page.inner_text("body")

    page.get_by_role("link", name="History").click()
    versions = page.locator("[data-testid=note-version]")
    assert versions.count() == 2
    first, second = versions.nth(0).inner_text(), versions.nth(1).inner_text()
    assert "signed, by Tessa Reed" in first and "Keep the plan; review in a week." in first
    assert "signed, by Olga Berg" in second and "Add bird dog next visit." in second
    assert "Amendment: Progression agreed with the patient." in second
    assert serious_violations(page) == []


def _csrf(page) -> str:
    return page.locator("[data-testid=amend-form] input[name=csrfmiddlewaretoken]").get_attribute("value")
