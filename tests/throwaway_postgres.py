"""When the tests have no PostgreSQL: which server binaries pytest-postgresql's process fixture starts
a throwaway cluster with, and when it is needed.

It is needed when DATABASE_URL is unset and nothing answers on 127.0.0.1:$UPRIGHT_PG_PORT (5432 by
default); the cluster then listens on that port, with the newest of Debian's
/usr/lib/postgresql/<version>/bin (or the directory named by UPRIGHT_PG_BIN). As root, pg_ctl runs as
the postgres user through tests/pg_ctl_as_postgres: initdb and postgres refuse root.
"""

import os
import socket
from pathlib import Path

DEBIAN_SERVER_BINARIES = Path("/usr/lib/postgresql")
PG_CTL_AS_POSTGRES = Path(__file__).with_name("pg_ctl_as_postgres")


class NoServerBinaries(Exception):
    pass


def port() -> int:
    return int(os.environ.get("UPRIGHT_PG_PORT", "5432"))


def answers(host: str, port: str) -> bool:
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def needed(*, database_url_given: bool, host: str, port: str) -> bool:
    return not database_url_given and not answers(host, port)


def pg_ctl() -> Path:
    """The pg_ctl of the server binaries to start the cluster with (initdb must be next to it)."""
    if os.environ.get("UPRIGHT_PG_BIN"):
        candidates = [Path(os.environ["UPRIGHT_PG_BIN"])]
    else:
        debian = DEBIAN_SERVER_BINARIES.glob("*/bin")
        candidates = sorted(debian, key=lambda bin_dir: _version(bin_dir.parent.name), reverse=True)
    for bin_dir in candidates:
        if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
            return bin_dir / "pg_ctl"
    raise NoServerBinaries(
        "No PostgreSQL for the tests: DATABASE_URL is unset, nothing answers on 127.0.0.1:"
        f"{port()} and no server binaries (initdb, pg_ctl) are installed;"
        " run `apt-get install postgresql`, start a server or set DATABASE_URL."
    )


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())
