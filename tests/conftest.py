"""Shared fixtures: a clinic with a therapist, a colleague, a clinical lead, admin staff and a practice
manager; another clinic with its therapist (the outsider) and patient; a patient with a portal
account; a superuser. tests/access_matrix.py asks URLs as each of them."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from pytest_postgresql import factories

from clinic.models import Membership
from tests import throwaway_postgres
from tests.factories import ClinicFactory, PatientFactory, UserFactory, make_staff

# Started only when no database is configured: see django_db_modify_db_settings.
throwaway_postgresql = factories.postgresql_proc(
    executable=str(throwaway_postgres.PG_CTL_AS_POSTGRES), port=throwaway_postgres.port()
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """With no database configured, the test database lives in a throwaway cluster (see its module)."""
    database = settings.DATABASES["default"]
    database_url_given = getattr(settings, "DATABASE_URL_GIVEN", True)
    if not throwaway_postgres.needed(
        database_url_given=database_url_given, host=database["HOST"], port=database["PORT"]
    ):
        return
    try:
        # Read by tests/pg_ctl_as_postgres each time pytest-postgresql runs it, up to the final stop.
        os.environ["PG_CTL"] = str(throwaway_postgres.pg_ctl())
    except throwaway_postgres.NoServerBinaries as no_server:
        pytest.exit(str(no_server), returncode=pytest.ExitCode.USAGE_ERROR)
    cluster = request.getfixturevalue("throwaway_postgresql")
    for alias in ("default", "replica"):  # the replica alias is a test mirror of default's database
        settings.DATABASES[alias].update(
            HOST=cluster.host, PORT=str(cluster.port), USER=cluster.user, PASSWORD=""
        )
    _tell(
        request.config,
        f"PostgreSQL: a throwaway cluster on {cluster.host}:{cluster.port}"
        f" in {Path(cluster.datadir).parent}, removed at the end",
    )


def _tell(config, line):
    """Writes a line to the terminal, past the output capture that fixtures run under."""
    capture = config.pluginmanager.get_plugin("capturemanager")
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if capture and terminal:
        with capture.global_and_fixture_disabled():
            terminal.write_line(line)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts and rendered PDFs live in the caches: every test starts with none."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Riverside")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="Hillside")


@pytest.fixture
def therapist(clinic):
    return make_staff(clinic, username="tessa", first_name="Tessa", last_name="Reed")


@pytest.fixture
def colleague(clinic):
    return make_staff(clinic, username="ben", first_name="Ben", last_name="Adeyemi")


@pytest.fixture
def admin_staff(clinic):
    return make_staff(clinic, Membership.Role.ADMIN_STAFF, username="frontdesk")


@pytest.fixture
def manager(clinic):
    """The clinic's practice manager (not a therapist)."""
    return make_staff(
        clinic, Membership.Role.PRACTICE_MANAGER, username="pam", first_name="Pam", last_name="Okoro"
    )


@pytest.fixture
def lead(clinic):
    """The clinic's clinical lead."""
    return make_staff(
        clinic, Membership.Role.CLINICAL_LEAD, username="lena", first_name="Lena", last_name="Fox"
    )


@pytest.fixture
def outsider(other_clinic):
    return make_staff(other_clinic, username="hana", first_name="Hana", last_name="Berg")


@pytest.fixture
def patient(clinic, therapist):
    return PatientFactory(
        clinic=clinic,
        given_name="Maria",
        family_name="Lopez",
        record_number="R-1001",
        primary_therapist=therapist,
    )


@pytest.fixture
def outsider_patient(other_clinic, outsider):
    """The other clinic's patient: nobody at the clinic may see them."""
    return PatientFactory(
        clinic=other_clinic,
        given_name="Oskar",
        family_name="Farley",
        record_number="H-9001",
        primary_therapist=outsider,
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def patient_account(patient):
    user = UserFactory(username="maria")
    patient.portal_user = user
    patient.save()
    return user


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist)
    return client
