"""The front desk's day in the admin, in a browser: register a patient whose record number the
clinic's sequence gives, find them by date of birth and by phone, see who is coming this week, and
be refused the exercise library and the clinical thresholds."""

from datetime import timedelta

import pytest

from clinic import dates
from patients.models import Patient
from tests.factories import PASSWORD, AppointmentFactory, EpisodeFactory, PatientFactory, VisitFactory

WIDE = {"width": 1280, "height": 800}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_front_desk_registers_finds_and_sees_who_is_coming(
    live_server, page, clinic, other_clinic, admin_staff, therapist, colleague, outsider
):
    monday = dates.today() - timedelta(days=dates.today().weekday())
    sunday = monday + timedelta(days=6)
    okafor = PatientFactory(
        clinic=clinic, given_name="James", family_name="Okafor", primary_therapist=colleague
    )
    episode = EpisodeFactory(patient=okafor, onset_date=dates.today() - timedelta(days=30))
    VisitFactory(
        episode=episode,
        recorded_by=colleague,
        visit_date=dates.today() - timedelta(days=1),
        next_visit_date=sunday,
    )
    elsewhere = PatientFactory(
        clinic=other_clinic, given_name="Olga", family_name="Ivanova", phone="07700 900123"
    )
    AppointmentFactory(patient=elsewhere, therapist=outsider, on_date=monday)
    page.set_viewport_size(WIDE)

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill(admin_staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#site-name")

    # Register a patient; the record number is left to the clinic's sequence.
    page.goto(live_server.url + "/admin/patients/patient/add/")
    page.select_option("#id_clinic", label="Riverside")
    page.fill("#id_given_name", "Maria")
    page.fill("#id_family_name", "Lopez")
    assert page.get_attribute("#id_date_of_birth", "placeholder") == "DD/MM/YYYY"
    page.fill("#id_date_of_birth", "14/03/1990")
    page.fill("#id_phone", "+44 7700 900123")
    page.select_option("#id_primary_therapist", label="Tessa Reed")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/patients/patient/")
    maria = Patient.objects.get(family_name="Lopez")
    assert maria.record_number == "00001" and maria.date_of_birth.isoformat() == "1990-03-14"

    # The list fits a 1,280 px screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDE["width"], width

    for query in ("14/03/1990", "07700-900-123"):
        page.fill("#searchbar", query)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        results = page.locator("#result_list tbody tr")
        assert results.count() == 1, query
        row = results.first.inner_text()
        assert "Lopez, Maria" in row and "00001" in row and "Tessa Reed" in row
        assert "Ivanova" not in page.content()

    # Who is coming this week: James, planned by Ben at his last visit; nothing of the other clinic.
    page.goto(live_server.url + "/admin/patients/appointment/")
    page.get_by_role("link", name="Who is coming").click()
    page.wait_for_selector("#coming-heading")
    assert f"to Sun {sunday:%d/%m/%Y}" in page.locator("#coming-heading").inner_text()
    table = page.locator("#therapist-1").text_content()
    assert "Ben Adeyemi" in table and "Okafor, James" in table and sunday.strftime("%d/%m/%Y") in table
    assert "Ivanova" not in page.content() and "Hana Berg" not in page.content()

    # Record that James cancelled.
    page.locator("#therapist-1").get_by_role("link", name="Cancelled").click()
    page.fill("#id_reason", "Away for work")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/patients/appointment/")
    page.get_by_role("link", name="Who is coming").click()
    assert "Cancelled: Away for work" in page.locator("#therapist-1").text_content()

    # The shared library and the clinic's clinical thresholds are not the front desk's.
    assert page.goto(live_server.url + "/admin/plans/exercise/").status == 403
    assert page.goto(live_server.url + f"/admin/clinic/clinic/{clinic.pk}/thresholds/").status == 403
