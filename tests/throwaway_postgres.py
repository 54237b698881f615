"""A throwaway PostgreSQL cluster for a test run that has no database configured.

When DATABASE_URL is unset and nothing answers on 127.0.0.1:$UPRIGHT_PG_PORT (5432 by default), the
suite runs on a cluster made with the installed server binaries (the newest of Debian's
/usr/lib/postgresql/<version>/bin, or the directory named by UPRIGHT_PG_BIN) in a temporary directory.
It listens only on a Unix socket in that directory, so it takes no port, and the directory is removed
when the run ends. As root the server runs as the postgres user: initdb and postgres refuse root.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

DEBIAN_SERVER_BINARIES = Path("/usr/lib/postgresql")

# Durability is worth nothing in a cluster thrown away at the end of the run.
SERVER_SETTINGS = """
listen_addresses = ''
port = 5432
unix_socket_directories = '{socket_dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
"""


class NoServerBinaries(Exception):
    pass


def answers(host: str, port: str) -> bool:
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def server_binaries() -> Path:
    if os.environ.get("UPRIGHT_PG_BIN"):
        candidates = [Path(os.environ["UPRIGHT_PG_BIN"])]
    else:
        debian = DEBIAN_SERVER_BINARIES.glob("*/bin")
        candidates = sorted(debian, key=lambda bin_dir: _version(bin_dir.parent.name), reverse=True)
        if initdb_on_path := shutil.which("initdb"):
            candidates.append(Path(initdb_on_path).parent)
    for bin_dir in candidates:
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
            return bin_dir
    raise NoServerBinaries(
        "No PostgreSQL for the tests: DATABASE_URL is unset, nothing answers on 127.0.0.1:"
        f"{os.environ.get('UPRIGHT_PG_PORT', '5432')} and no server binaries (initdb, pg_ctl) are installed;"
        " run `apt-get install postgresql`, start a server or set DATABASE_URL."
    )


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@contextlib.contextmanager
def throwaway_cluster(bin_dir: Path) -> Iterator[Path]:
    """Starts a cluster and yields its socket directory; stops it and deletes its files afterwards."""
    cluster_dir = Path(tempfile.mkdtemp(prefix="upright-pg-"))
    run_as = {}
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(cluster_dir, postgres.pw_uid, postgres.pw_gid)
        run_as = {"user": postgres.pw_uid, "group": postgres.pw_gid, "extra_groups": []}
    data_dir = cluster_dir / "data"
    pg_ctl = [bin_dir / "pg_ctl", "--pgdata", data_dir, "--wait", "--silent"]

    def run(*command):
        result = subprocess.run(command, cwd=cluster_dir, capture_output=True, text=True, **run_as)
        if result.returncode != 0:
            log = cluster_dir / "server.log"
            raise RuntimeError(
                f"{' '.join(map(str, command))} failed: {result.stderr.strip()}"
                + (f"\n{log.read_text()}" if log.exists() else "")
            )

    try:
        run(
            bin_dir / "initdb", f"--pgdata={data_dir}", "--username=postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        with open(data_dir / "postgresql.conf", "a") as conf:
            conf.write(SERVER_SETTINGS.format(socket_dir=cluster_dir))
        run(*pg_ctl, "--log", cluster_dir / "server.log", "start")
        try:
            yield cluster_dir
        finally:
            run(*pg_ctl, "--mode", "immediate", "stop")
    finally:
        shutil.rmtree(cluster_dir, ignore_errors=True)


@contextlib.contextmanager
def database_for_tests(database: dict, database_url_given: bool) -> Iterator[str | None]:
    """Points `database` (Django's settings, changed in place) at a throwaway cluster when no
    database is configured, for as long as the context lasts; yields the cluster's directory, or
    None when the configured database is used as it is."""
    if database_url_given or answers(database["HOST"], database["PORT"]):
        yield None
        return
    with throwaway_cluster(server_binaries()) as cluster_dir:
        database.update(HOST=str(cluster_dir), PORT="5432", USER="postgres", PASSWORD="")
        yield str(cluster_dir)
