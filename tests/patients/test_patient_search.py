"""Finding a patient on the staff list and in the admin: by name in any order or format, record
number, date of birth (the clinic's format or ISO), phone (digits only) and e-mail; never another
clinic's patient."""

import re
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from clinic.dates import DateFormat
from patients.models import Patient
from patients.search import parse_patient_query, phone_digits
from tests.factories import PatientFactory

LIST = reverse("patients:list")
ADMIN_LIST = reverse("admin:patients_patient_changelist")


@pytest.fixture
def maria(clinic, therapist):
    return PatientFactory(
        clinic=clinic,
        given_name="Maria",
        family_name="Lopez",
        record_number="R-1001",
        date_of_birth=date(1990, 3, 14),
        phone="+44 7700 900123",
        email="maria.lopez@mail.example",
        primary_therapist=therapist,
    )


@pytest.fixture
def james(clinic):
    return PatientFactory(
        clinic=clinic,
        given_name="James",
        family_name="Okafor",
        record_number="R-2002",
        date_of_birth=date(1975, 11, 2),
        phone="020 7946 0958",
        email="j.okafor@mail.example",
    )


@pytest.fixture
def twin_elsewhere(other_clinic):
    """Another clinic's patient who matches every key: no search may show them."""
    return PatientFactory(
        clinic=other_clinic,
        given_name="Maria",
        family_name="Lopez",
        record_number="R-1001",
        date_of_birth=date(1990, 3, 14),
        phone="07700 900123",
        email="maria.lopez@mail.example",
    )


QUERIES = [
    "Lopez, Maria",
    "lopez,maria",
    "maria lopez",
    "Lopez Maria",
    "LOPEZ",
    "lop",
    "R-1001",
    "r-1001",
    "14/03/1990",
    "14.03.1990",
    "1990-03-14",
    "+44 7700 900123",
    "07700 900123",
    "07700-900-123",
    "7700900123",
    "(07700) 900 123",
    "maria.lopez@mail.example",
    "Maria.Lopez@Mail.Example",
]


@pytest.mark.parametrize("query", QUERIES)
def test_staff_list_finds_maria_by_every_key(therapist_client, maria, james, twin_elsewhere, query):
    response = therapist_client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [maria]
    assert "Okafor" not in response.text
    assert twin_elsewhere.code.hex not in response.text and str(twin_elsewhere.code) not in response.text
    assert "Hillside" not in response.text


@pytest.mark.parametrize("query", QUERIES)
def test_admin_changelist_finds_maria_by_every_key(client, admin_staff, maria, james, twin_elsewhere, query):
    client.force_login(admin_staff)
    response = client.get(ADMIN_LIST, {"q": query})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [maria]
    assert "Okafor" not in response.text
    assert f"/admin/patients/patient/{twin_elsewhere.pk}/" not in response.text
    assert "Hillside" not in response.text


def test_a_date_in_the_other_order_is_not_read_as_the_clinics(therapist_client, maria, james):
    # The clinic writes day first: 03/14/1990 is no date, and 02/11/1975 is 2 November.
    assert "Lopez" not in therapist_client.get(LIST, {"q": "03/14/1990"}).text
    assert list(therapist_client.get(LIST, {"q": "02/11/1975"}).context["page"].object_list) == [james]


def test_a_month_first_clinic_reads_month_first_dates(therapist_client, clinic, maria, james):
    clinic.date_format = DateFormat.MONTH_FIRST
    clinic.save()
    assert list(therapist_client.get(LIST, {"q": "03/14/1990"}).context["page"].object_list) == [maria]
    assert list(therapist_client.get(LIST, {"q": "11/02/1975"}).context["page"].object_list) == [james]
    assert list(therapist_client.get(LIST, {"q": "1990-03-14"}).context["page"].object_list) == [maria]


def test_a_short_number_is_no_phone_search(therapist_client, maria, james):
    # Three digits match too many phones to mean one; they can still be part of a record number.
    response = therapist_client.get(LIST, {"q": "123"})
    assert list(response.context["page"].object_list) == []


def test_admin_staff_search_on_the_staff_list_stays_in_their_clinic(
    client, admin_staff, maria, twin_elsewhere
):
    client.force_login(admin_staff)
    response = client.get(LIST, {"q": "Lopez, Maria"})
    assert list(response.context["page"].object_list) == [maria]


def test_the_query_parts():
    parsed = parse_patient_query("  Lopez, Maria ")
    assert parsed.name_terms == ("Lopez", "Maria") and parsed.born is None and parsed.phone_digits is None
    assert parse_patient_query("14/03/1990").born == date(1990, 3, 14)
    assert parse_patient_query("31/02/1990").born is None
    assert parse_patient_query("+44 (0) 7700-900.123").phone_digits == "4407700900123"
    assert parse_patient_query("a@b.example").email == "a@b.example"
    assert parse_patient_query("\x00").is_empty
    assert phone_digits("07700 900123") == "7700900123"


@pytest.mark.parametrize("count", [3, 60])
def test_search_queries_do_not_grow_with_the_clinic(
    therapist_client, clinic, count, django_assert_max_num_queries
):
    for n in range(count):
        PatientFactory(clinic=clinic, family_name=f"Lopez{n}", phone=f"07700 9{n:05d}")
    # session, user, memberships, the home clinic's date format, count, page, the nav's inbox count
    with django_assert_max_num_queries(7):
        response = therapist_client.get(LIST, {"q": "Lopez, 07700"})
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        response = therapist_client.get(LIST, {"q": "07700 900"})
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [3, 60])
def test_admin_search_queries_do_not_grow(client, admin_staff, clinic, count, django_assert_max_num_queries):
    PatientFactory.create_batch(count, clinic=clinic, family_name="Lopez")
    client.force_login(admin_staff)
    # session, user, permissions (2), memberships, clinics (filter and column), therapists, the home
    # clinic's date format, counts (2), the app list's library checks (6), the page of patients
    with django_assert_max_num_queries(19):
        response = client.get(ADMIN_LIST, {"q": "lopez"})
    assert response.context["cl"].result_count == count


def _plan(queryset) -> str:
    """The plan of the rows' filter when PostgreSQL may use any index that fits (the test tables are
    too small for it to choose one by cost), in bitmap scans: a sequential scan left in it means no
    index fits the expression."""
    with connection.cursor() as cursor:  # SET LOCAL: until the test's transaction rolls back
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    return queryset.order_by().explain()


@pytest.mark.parametrize(
    "query, indexes",
    [
        ("lopez maria", {"patient_given_name_trgm_idx", "patient_family_name_trgm_idx"}),
        ("R-10", {"patient_record_number_trgm_idx"}),
        ("7700 900", {"patient_phone_digits_trgm_idx"}),
        ("maria.lopez@mail.example", {"patient_email_upper_idx"}),
        ("14/03/1990", {"patient_born_idx"}),
    ],
)
def test_every_part_of_the_search_is_index_backed(maria, james, query, indexes):
    plan = _plan(Patient.objects.search(query))

    assert "Seq Scan on patients_patient" not in plan
    assert indexes <= set(re.findall(r"Bitmap Index Scan on (\w+)", plan))


def test_the_trigram_indexes_compare_upper_case_text(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [Patient._meta.db_table, "%gin_trgm_ops%"],
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {
        "patient_given_name_trgm_idx",
        "patient_family_name_trgm_idx",
        "patient_record_number_trgm_idx",
        "patient_phone_digits_trgm_idx",
    }
    assert all("upper" in definition.lower() for name, definition in indexes.items() if "phone" not in name)
