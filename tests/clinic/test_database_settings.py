"""PGBOUNCER_TRANSACTION_MODE=true gives Django what PgBouncer's transaction mode needs: no
server-side cursors and no named prepared statements (whatever DATABASE_URL asks for), and refuses
Django's own pool. Against the real database: a connection with those options prepares nothing even
with server-side binding on, where the same connection with a threshold does prepare."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.backends.postgresql.base import DatabaseWrapper

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "clinic" / "settings.py"


def _database(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))["DATABASES"]["default"]


def test_the_switch_turns_off_server_side_cursors_and_prepared_statements(monkeypatch):
    url = "postgres://app@pgbouncer.internal:6432/upright?prepare_threshold=5"
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


def _prepared_statements(options: dict) -> int:
    database = {**connection.settings_dict, "OPTIONS": {**connection.settings_dict["OPTIONS"], **options}}
    # Under default's alias: django.contrib.postgres looks the alias up in `connections` on connecting.
    wrapper = DatabaseWrapper(database, alias=DEFAULT_DB_ALIAS)
    try:
        with wrapper.cursor() as cursor:
            for _ in range(7):  # psycopg prepares a query from its 5th run when it has a threshold
                cursor.execute("SELECT count(*) FROM django_session WHERE expire_date > %s", ["2000-01-01"])
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_a_connection_with_the_switch_prepares_no_statement(monkeypatch):
    url = "postgres://postgres@127.0.0.1:5432/upright?prepare_threshold=5"
    switched = _database(monkeypatch, DATABASE_URL=url, PGBOUNCER_TRANSACTION_MODE="true")["OPTIONS"]

    # Server-side binding (off in Django by default) is what lets psycopg prepare at all.
    assert _prepared_statements({"server_side_binding": True, "prepare_threshold": 5}) == 1
    assert _prepared_statements({"server_side_binding": True, **switched}) == 0
