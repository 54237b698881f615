"""A browser amends a mistyped ODI at a visit: the visit is judged again, and the episode page marks the
amended visit in its list, its table of numbers and its chart; neither page has a serious accessibility
violation."""

from datetime import date, timedelta

import pytest

from plans.models import Visit
from plans.services.visits import VisitEntry, visit_record
from tests.e2e.pages import serious_violations
from tests.e2e.test_assessment_to_plan import _log_in
from tests.factories import EpisodeFactory
from tests.plans.test_visits import _baseline, _plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_amended_odi_rejudges_the_visit_and_is_marked_on_the_episode_page(
    live_server, page, therapist, patient
):
    episode = EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=30))
    _baseline(episode, therapist, days_ago=14)  # NPRS 7, ODI 44%
    _plan(episode, therapist)
    entry = VisitEntry(visit_date=date.today() - timedelta(days=7), nprs=7, odi_sections=(2,) * 10)
    visit = visit_record(episode=episode, entry=entry, user=therapist)  # ODI 40%: unchanged
    _log_in(page, live_server, therapist)

    page.goto(f"{live_server.url}/visits/{visit.code}/")
    page.get_by_role("link", name="Amend").click()
    page.wait_for_url("**/amend/")
    assert not serious_violations(page)
    page.get_by_text("Oswestry Disability Index (optional").click()  # open the section
    for number in range(6, 11):
        page.locator(f"input[name=odi_{number}][value='1']").check()
    page.get_by_label("Why is the visit amended?").fill("Sections 6-10 were read off the wrong column.")
    page.get_by_role("button", name="Save the amendment").click()

    page.wait_for_url(f"**/visits/{visit.code}/")
    assert page.locator("[data-testid=visit-status]").inner_text() == "Improved"
    visit = Visit.objects.get(pk=visit.pk)
    assert str(visit.odi_percent) == "30.0"

    page.goto(f"{live_server.url}/episodes/{episode.code}/")
    row = page.locator("[data-testid=visits] li", has_text="pain 7")
    mark = row.get_by_role("link", name="Amended")
    assert "by Tessa Reed: Sections 6-10 were read off the wrong column." in mark.get_attribute("title")
    assert page.locator(".chart-amended").count() == 2  # its NPRS and ODI points
    assert not serious_violations(page)
    mark.click()
    page.wait_for_url(f"**/visits/{visit.code}/history/")
