import pytest

from tests.factories import PASSWORD, PatientFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_therapist_logs_in_searches_and_opens_patient(live_server, page, clinic, therapist, other_clinic):
    PatientFactory(clinic=clinic, given_name="Maria", family_name="Lopez", record_number="R-1001")
    PatientFactory(clinic=clinic, given_name="James", family_name="Okafor", record_number="R-1002")
    PatientFactory(clinic=other_clinic, given_name="Olga", family_name="Ivanova", record_number="R-1003")

    page.goto(live_server.url + "/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Username").fill(therapist.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/caseload/")  # a therapist lands on their caseload
    page.get_by_role("link", name="Patients", exact=True).click()
    page.wait_for_url("**/patients/")
    assert page.get_by_role("link", name="Okafor, James").is_visible()
    assert page.get_by_text("Ivanova").count() == 0

    page.get_by_label("Search by name, record number, date of birth, phone or e-mail").fill("lopez")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/patients/?q=lopez**")
    assert page.get_by_role("link", name="Okafor, James").count() == 0
    page.get_by_role("link", name="Lopez, Maria").click()
    page.wait_for_selector("#patient-name")
    assert "Maria Lopez" in page.locator("#patient-name").inner_text()
    assert "Record R-1001" in page.content()
