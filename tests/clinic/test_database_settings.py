"""PGBOUNCER_TRANSACTION_MODE=true gives Django what PgBouncer's transaction mode needs: no
server-side cursors and no prepared statements, and refuses Django's own pool; a connection opened
with those settings works against the real database and prepares nothing."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "clinic" / "settings.py"


def _database(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["DATABASES"]["default"]


def test_the_switch_turns_off_server_side_cursors_and_prepared_statements(monkeypatch):
    url = "postgres://app@pgbouncer.internal:6432/upright"
    database = _database(monkeypatch, DATABASE_URL=url, PGBOUNCER_TRANSACTION_MODE="true", CONN_MAX_AGE="60")

    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["prepare_threshold"] is None
    assert database["CONN_MAX_AGE"] == 60
    assert (database["HOST"], database["PORT"]) == ("pgbouncer.internal", 6432)


def test_without_the_switch_django_keeps_its_defaults(monkeypatch):
    monkeypatch.delenv("PGBOUNCER_TRANSACTION_MODE", raising=False)
    database = _database(monkeypatch, DATABASE_URL="postgres://app@db.internal:5432/upright")

    assert "DISABLE_SERVER_SIDE_CURSORS" not in database
    assert "prepare_threshold" not in database.get("OPTIONS", {})


def test_the_switch_refuses_django_s_own_pool(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app@pgbouncer.internal:6432/upright?pool=true")
    monkeypatch.setenv("PGBOUNCER_TRANSACTION_MODE", "true")

    with pytest.raises(ImproperlyConfigured, match="pool"):
        runpy.run_path(str(SETTINGS_FILE))


@pytest.mark.django_db
def test_a_connection_with_the_switch_prepares_no_statement(monkeypatch):
    database = {**connection.settings_dict, "OPTIONS": {**connection.settings_dict["OPTIONS"]}}
    database.update(DISABLE_SERVER_SIDE_CURSORS=True)
    database["OPTIONS"]["prepare_threshold"] = None
    wrapper = DatabaseWrapper(database, alias="pgbouncer_check")
    try:
        with wrapper.cursor() as cursor:
            for _ in range(7):  # psycopg prepares a query from its 5th run unless told not to
                cursor.execute("SELECT count(*) FROM django_session WHERE expire_date > %s", ["2000-01-01"])
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone() == (0,)
        assert wrapper.connection.prepare_threshold is None
    finally:
        wrapper.close()
