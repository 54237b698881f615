"""`make test` on a fresh machine: system packages (scripts/ensure-system-packages) and a throwaway
PostgreSQL cluster when no database is configured (tests/throwaway_postgres.py)."""

import socket
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests import throwaway_postgres

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = "chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"


def _tool(bin_dir, name, script):
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def _ensure_system_packages(tmp_path, *, uid, not_installed=()):
    """Runs the script on a PATH where `id`, `dpkg-query` and `apt-get` are stand-ins: it reports what
    it would have apt-get do instead of installing anything."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to("/bin/bash")
    _tool(bin_dir, "id", f"echo {uid}")
    missing = "|".join(not_installed) or "-"
    _tool(bin_dir, "dpkg-query", f"for a; do p=$a; done; case $p in {missing}) ;; *) printf installed;; esac")
    _tool(bin_dir, "apt-get", f'echo "apt-get $*" >> {tmp_path}/apt-get.log')
    chromium = "/nonexistent" if "chromium" in not_installed else "/bin/sh"
    result = subprocess.run(
        ["/bin/bash", ROOT / "scripts" / "ensure-system-packages"],
        env={"PATH": str(bin_dir), "CHROMIUM_PATH": chromium},
        capture_output=True,
        text=True,
        timeout=30,
    )
    log = tmp_path / "apt-get.log"
    return result, log.read_text().splitlines() if log.exists() else []


def test_system_packages_missing_without_root_stop_with_the_one_command_to_run(tmp_path):
    result, apt_get = _ensure_system_packages(tmp_path, uid=1000, not_installed=PACKAGES.split())
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"The tests need system packages; run: sudo apt-get update && sudo apt-get install -y {PACKAGES}"
    ]
    assert apt_get == []


def test_system_packages_missing_as_root_are_installed_after_one_update(tmp_path):
    result, apt_get = _ensure_system_packages(
        tmp_path, uid=0, not_installed=["chromium", "libharfbuzz-subset0"]
    )
    assert result.returncode == 0, result.stderr
    assert apt_get == ["apt-get update -qq", "apt-get install -y -qq chromium libharfbuzz-subset0"]


def test_system_packages_all_present_change_nothing(tmp_path):
    result, apt_get = _ensure_system_packages(tmp_path, uid=0)
    assert (result.returncode, result.stdout, result.stderr, apt_get) == (0, "", "", [])


def _port_nothing_listens_on():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return str(unused.getsockname()[1])


def _database(port):
    return {"HOST": "127.0.0.1", "PORT": port, "USER": "upright", "PASSWORD": "secret"}


def test_a_configured_database_is_used_as_it_is():
    database = _database(_port_nothing_listens_on())
    with throwaway_postgres.database_for_tests(database, database_url_given=True) as cluster_dir:
        assert cluster_dir is None
        assert database == _database(database["PORT"])


def test_a_server_answering_on_the_default_port_is_used_as_it_is():
    with socket.create_server(("127.0.0.1", 0)) as server:
        database = _database(str(server.getsockname()[1]))
        with throwaway_postgres.database_for_tests(database, database_url_given=False) as cluster_dir:
            assert cluster_dir is None
            assert database == _database(database["PORT"])


def test_with_no_database_the_tests_get_a_throwaway_cluster_removed_afterwards():
    try:
        throwaway_postgres.server_binaries()
    except throwaway_postgres.NoServerBinaries:
        pytest.skip("no PostgreSQL server binaries on this machine")
    database = _database(_port_nothing_listens_on())
    with throwaway_postgres.database_for_tests(database, database_url_given=False) as cluster_dir:
        assert database["HOST"] == cluster_dir
        connection = dict(host=database["HOST"], port=database["PORT"], user=database["USER"])
        with psycopg.connect(**connection, dbname="postgres") as server:
            data_directory, listen_addresses = server.execute(
                "select current_setting('data_directory'), current_setting('listen_addresses')"
            ).fetchone()
        assert Path(data_directory).parent == Path(cluster_dir)
        assert listen_addresses == ""
    assert not Path(cluster_dir).exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(**connection, dbname="postgres", connect_timeout=2)


def test_with_no_database_and_no_server_binaries_one_line_says_what_to_do(monkeypatch):
    monkeypatch.setenv("UPRIGHT_PG_BIN", "/nonexistent")
    database = _database(_port_nothing_listens_on())
    with pytest.raises(throwaway_postgres.NoServerBinaries) as no_server:
        with throwaway_postgres.database_for_tests(database, database_url_given=False):
            pass
    assert "\n" not in str(no_server.value)
    assert "DATABASE_URL is unset" in str(no_server.value)
    assert "apt-get install postgresql" in str(no_server.value)
