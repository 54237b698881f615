import pytest
from django.urls import reverse

from clinic import dates
from tests.access_matrix import OK, STAFF_LIST, cells, check, row
from tests.factories import EpisodeFactory, PatientFactory

URL = reverse("patients:list")


def test_search_by_name_and_record_number(therapist_client, clinic, patient):
    PatientFactory(clinic=clinic, given_name="James", family_name="Okafor", record_number="R-2002")
    by_name = therapist_client.get(URL, {"q": "okaf"})
    assert "Okafor, James" in by_name.text and "Lopez" not in by_name.text
    by_full_name = therapist_client.get(URL, {"q": "maria lopez"})
    assert "Lopez, Maria" in by_full_name.text and "Okafor" not in by_full_name.text
    by_record = therapist_client.get(URL, {"q": "R-2002"})
    assert "Okafor, James" in by_record.text and "Lopez" not in by_record.text
    nothing = therapist_client.get(URL, {"q": "zzz"})
    assert "No patients match" in nothing.text


def test_htmx_search_returns_only_the_rows(therapist_client, patient):
    response = therapist_client.get(URL, {"q": "lopez"}, headers={"HX-Request": "true"})
    assert "Lopez, Maria" in response.text
    assert "<html" not in response.text


def test_archived_patients_hidden_unless_asked(therapist_client, clinic, patient):
    PatientFactory(clinic=clinic, family_name="Gone", is_active=False)
    assert "Gone" not in therapist_client.get(URL).text
    assert "Gone" in therapist_client.get(URL, {"show": "all"}).text


def test_paginates_25_per_page(therapist_client, clinic):
    PatientFactory.create_batch(30, clinic=clinic)
    first = therapist_client.get(URL)
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 25
    second = therapist_client.get(URL, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_patient_account_is_refused(client, patient_account):
    client.force_login(patient_account)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("count", [5, 200])
def test_query_count_does_not_grow_with_caseload(
    therapist_client, clinic, therapist, count, django_assert_num_queries
):
    for patient in PatientFactory.create_batch(count, clinic=clinic, primary_therapist=therapist):
        EpisodeFactory(patient=patient)
    # session, user, membership, count, page of patients (with therapist and episode counts),
    # the nav's inbox count
    with django_assert_num_queries(6):
        response = therapist_client.get(URL)
    assert response.status_code == 200


def test_the_open_episode_count_counts_only_open_episodes(therapist_client, clinic, patient):
    EpisodeFactory(patient=patient)
    EpisodeFactory(patient=patient)
    EpisodeFactory(patient=patient, status="discharged", discharge_date=dates.today())
    discharged_only = PatientFactory(clinic=clinic, family_name="Aardvark")
    EpisodeFactory(patient=discharged_only, status="discharged", discharge_date=dates.today())
    PatientFactory(clinic=clinic, family_name="Abbott")  # no episode at all
    EpisodeFactory(patient=PatientFactory(clinic=clinic, family_name="Zed"))
    counts = {p.family_name: p.open_episode_count for p in therapist_client.get(URL).context["page"]}
    assert counts == {"Aardvark": 0, "Abbott": 0, "Lopez": 2, "Zed": 1}


def test_search_with_a_nul_character_is_not_an_error(therapist_client, patient):
    response = therapist_client.get("/patients/?q=%00Lopez")
    assert response.status_code == 200
    assert "Lopez" in response.content.decode()


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("list", lambda get: URL, STAFF_LIST, therapist=OK, contains=("Lopez, Maria",)),
    row("new patient", lambda get: reverse("patients:create"), STAFF_LIST),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
