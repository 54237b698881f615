"""`make test` on a fresh machine: system packages (scripts/ensure-system-packages) and a throwaway
PostgreSQL cluster, pytest-postgresql's, when no database is configured (tests/throwaway_postgres.py)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

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


def test_a_configured_database_is_used_as_it_is():
    port = _port_nothing_listens_on()
    assert not throwaway_postgres.needed(database_url_given=True, host="127.0.0.1", port=port)


def test_a_server_answering_on_the_port_is_used_as_it_is():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = str(server.getsockname()[1])
        assert not throwaway_postgres.needed(database_url_given=False, host="127.0.0.1", port=port)


def test_no_database_configured_and_nothing_answering_needs_a_throwaway_cluster():
    port = _port_nothing_listens_on()
    assert throwaway_postgres.needed(database_url_given=False, host="127.0.0.1", port=port)


def test_upright_pg_bin_names_the_server_binaries(tmp_path, monkeypatch):
    for name in ("initdb", "pg_ctl"):
        (tmp_path / name).write_text("#!/bin/sh\n")
    monkeypatch.setenv("UPRIGHT_PG_BIN", str(tmp_path))
    assert throwaway_postgres.pg_ctl() == tmp_path / "pg_ctl"
    (tmp_path / "initdb").unlink()  # pg_ctl alone cannot make a cluster
    with pytest.raises(throwaway_postgres.NoServerBinaries):
        throwaway_postgres.pg_ctl()


INNER_TEST = """
import json
from pathlib import Path

import psycopg
from django.conf import settings


def test_the_database_settings(django_db_modify_db_settings):
    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname="postgres"
    ) as server:
        data_directory, port = server.execute(
            "select current_setting('data_directory'), current_setting('port')"
        ).fetchone()
    Path(__file__).with_name("server.json").write_text(json.dumps([data_directory, port]))
"""


def _pytest_without_database(tmp_path, **env):
    """Runs pytest, with this suite's conftest, on one test that opens the database settings, as a
    fresh machine would: no DATABASE_URL; UPRIGHT_PG_PORT a port nothing answers on."""
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    environment.update(UPRIGHT_PG_PORT=_port_nothing_listens_on(), **env)
    suite = ["--rootdir", ROOT, "-c", ROOT / "pyproject.toml"]
    run_here = ["--basetemp", tmp_path / "basetemp", "-q", tmp_path / "test_inner.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *suite, *run_here],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, environment["UPRIGHT_PG_PORT"]


def test_with_no_database_the_tests_get_a_throwaway_cluster_removed_afterwards(tmp_path):
    try:
        throwaway_postgres.pg_ctl()
    except throwaway_postgres.NoServerBinaries:
        pytest.skip("no PostgreSQL server binaries on this machine")
    result, port = _pytest_without_database(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    data_directory, server_port = json.loads((tmp_path / "server.json").read_text())
    assert server_port == port
    assert Path(data_directory).is_relative_to(tmp_path / "basetemp")
    assert f"PostgreSQL: a throwaway cluster on 127.0.0.1:{port}" in result.stdout
    assert not Path(data_directory).exists()
    assert not throwaway_postgres.answers("127.0.0.1", port)


def test_with_no_database_and_no_server_binaries_one_line_says_what_to_do(tmp_path):
    result, port = _pytest_without_database(tmp_path, UPRIGHT_PG_BIN="/nonexistent")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    output = (result.stdout + result.stderr).splitlines()
    said = [line for line in output if "No PostgreSQL for the tests" in line]
    assert len(said) == 1, result.stdout + result.stderr
    assert f"DATABASE_URL is unset, nothing answers on 127.0.0.1:{port}" in said[0]
    assert "apt-get install postgresql" in said[0]
    assert not (tmp_path / "server.json").exists()
