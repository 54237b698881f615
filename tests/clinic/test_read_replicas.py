"""DATABASE_REPLICA_URLS turns on read replicas: reads go to a replica, writes to the primary, and a
browser that wrote reads from the primary for REPLICA_PIN_SECONDS. Without it nothing changes.

The HTTP tests turn on what clinic/settings.py sets for one replica URL, against the alias
``replica`` of the test settings: Django's test mirror, a second connection to the test database.
That connection sees only committed rows, so those tests commit (``transaction=True``)."""

import re
import runpy
from pathlib import Path

import multidb
import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.db_routers import ReplicaRouter
from patients.models import Episode, Patient
from tests.factories import EpisodeFactory

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "clinic" / "settings.py"
PIN_COOKIE = "upright_primary"
MIDDLEWARE = "multidb.middleware.PinningRouterMiddleware"


def _settings(monkeypatch, **env) -> dict:
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.internal:5432/upright")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


# --- Settings --------------------------------------------------------------------------------------


def test_without_replica_urls_there_is_no_replica_router_or_middleware(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URLS", raising=False)
    values = _settings(monkeypatch)

    assert list(values["DATABASES"]) == ["default"]
    assert values["REPLICA_DATABASES"] == []
    assert "DATABASE_ROUTERS" not in values  # Django's default: no router
    assert MIDDLEWARE not in values["MIDDLEWARE"]


def test_the_suite_runs_without_a_router():
    assert router.routers == []


def test_each_replica_url_is_an_alias_with_the_pinning_router(monkeypatch):
    values = _settings(
        monkeypatch,
        DATABASE_REPLICA_URLS="postgres://app@replica-a.internal:6432/upright,"
        "postgres://app@replica-b.internal:6432/upright",
        REPLICA_PIN_SECONDS="30",
        PGBOUNCER_TRANSACTION_MODE="true",
    )
    databases = values["DATABASES"]

    assert values["REPLICA_DATABASES"] == ["replica", "replica2"]
    assert [databases[alias]["HOST"] for alias in ("replica", "replica2")] == [
        "replica-a.internal",
        "replica-b.internal",
    ]
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}
    # Replicas sit behind PgBouncer as the primary does.
    assert databases["replica2"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert databases["replica2"]["OPTIONS"]["prepare_threshold"] is None
    assert values["DATABASE_ROUTERS"] == ["clinic.db_routers.ReplicaRouter"]
    assert values["MULTIDB_PINNING_SECONDS"] == 30
    middleware = values["MIDDLEWARE"]
    assert middleware.index(MIDDLEWARE) < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate("default", "patients") is True
    assert ReplicaRouter().allow_migrate("replica", "patients") is False


# --- Routing, through real requests ----------------------------------------------------------------


@pytest.fixture
def replicas(settings, monkeypatch):
    """What clinic/settings.py sets for one replica URL, with the test settings' mirror alias."""
    values = _settings(monkeypatch, DATABASE_REPLICA_URLS="postgres://app@replica.internal:5432/upright")
    for name in ("DATABASE_ROUTERS", "MIDDLEWARE", "REPLICA_DATABASES", "MULTIDB_PINNING_SECONDS"):
        setattr(settings, name, values[name])
    for name in ("MULTIDB_PINNING_COOKIE", "MULTIDB_PINNING_COOKIE_HTTPONLY"):
        setattr(settings, name, values[name])
    # The library keeps its round-robin of REPLICA_DATABASES from its first use.
    monkeypatch.setattr(multidb, "replicas", None)
    yield
    multidb.pinning.unpin_this_thread()


# The replica connection sees committed rows only: these tests commit. Serialized, as the suite's other
# committing tests are: a flush without it would re-create the content types they restore.
committed = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


def _tables(queries) -> str:
    """The table each query reads or writes first, e.g. 'FROM "patients_patient"' (joins left out)."""
    return " ".join(re.search(r'(FROM|INTO|UPDATE) "\w+"', query["sql"])[0] for query in queries)


def _get(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return _tables(primary.captured_queries), _tables(replica.captured_queries)


@committed
def test_a_page_reads_from_the_replica_and_the_session_from_the_primary(replicas, client, therapist, patient):
    client.force_login(therapist)

    primary, replica = _get(client, reverse("patients:detail", args=[patient.code]))

    assert 'FROM "patients_patient"' in replica and 'FROM "patients_patient"' not in primary
    assert 'FROM "django_session"' in primary and 'FROM "auth_user"' in primary
    assert 'FROM "django_session"' not in replica and 'FROM "auth_user"' not in replica
    assert PIN_COOKIE not in client.cookies


@committed
def test_after_a_write_the_same_browser_reads_from_the_primary(
    replicas, client, therapist, colleague, patient
):
    episode = EpisodeFactory(patient=patient)
    client.force_login(therapist)
    other = Client()
    other.force_login(colleague)

    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.post(
            reverse("patients:episode_archive", args=[episode.code]), {"reason": "Opened twice."}
        )
    assert response.status_code == 302
    assert replica.captured_queries == []  # a writing request reads from the primary too
    assert Episode.objects.using("default").get(pk=episode.pk).is_active is False
    cookie = client.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 15 and cookie["httponly"]

    primary, replica_sql = _get(client, reverse("patients:detail", args=[patient.code]))
    assert 'FROM "patients_patient"' in primary and replica_sql == ""

    # A colleague who wrote nothing still reads from the replica.
    primary, replica_sql = _get(other, reverse("patients:detail", args=[patient.code]))
    assert 'FROM "patients_patient"' in replica_sql


@committed
def test_a_log_in_pins_the_browser_to_the_primary(replicas, client, therapist):
    therapist.set_password("a long enough password")
    therapist.save()

    response = client.post(
        reverse("login"), {"username": therapist.username, "password": "a long enough password"}
    )

    assert response.status_code == 302
    assert PIN_COOKIE in client.cookies
    assert Session.objects.using("default").count() == 1


@committed
def test_reads_in_a_transaction_and_locking_reads_go_to_the_primary(replicas, patient):
    with CaptureQueriesContext(connections["replica"]) as replica:
        with transaction.atomic():
            Patient.objects.get(pk=patient.pk)
            Patient.objects.select_for_update().get(pk=patient.pk)
    assert replica.captured_queries == []

    assert router.db_for_read(Patient) == "replica"
    assert router.db_for_write(Patient) == "default"
    assert router.db_for_read(Session) == "default"
