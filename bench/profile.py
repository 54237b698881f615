"""Each benchmark page served in-process, with its SQL: where a page's time goes (bench/run's
targets, timed with Django's test client against the seeded database, no server).
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/upright_bench DEBUG=true .venv/bin/python bench/profile.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import bench  # noqa: E402  (sets Django up)
from plans.api.tokens import api_token_issue  # noqa: E402

ROUNDS = 5


def served(target: bench.Target, clients: dict[str, Client], token: str):
    client = clients.get(target.who) or Client()
    if target.body is not None:
        return client.post(
            target.path,
            data=json.dumps(target.body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
    return client.get(target.path)


def main() -> None:
    therapist = bench.busiest_therapist()
    episode, assessment, version, portal_patient = bench.pick_records(therapist)
    clients = {
        "therapist": bench.logged_in(therapist),
        "superuser": bench.logged_in(bench.bench_superuser()),
        "patient": bench.logged_in(portal_patient.portal_user),
    }
    _, token = api_token_issue(user=therapist)
    search = episode.patient.family_name[:5].lower()
    print(f"{'page':<16} {'ms':>8} {'sql ms':>8} {'queries':>7} {'slowest ms':>10} {'KiB':>7}")
    for target in bench.targets(episode, assessment, version, search):
        served(target, clients, token)  # caches and imports
        rounds = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = served(target, clients, token)
                elapsed = (time.perf_counter() - start) * 1000
            sql = [float(q["time"]) * 1000 for q in queries.captured_queries]
            rounds.append((elapsed, sum(sql), len(sql), max(sql, default=0), len(response.content)))
        ms, sql_ms, count, slowest, size = (statistics.median(values) for values in zip(*rounds, strict=True))
        print(
            f"{target.name:<16} {ms:>8.1f} {sql_ms:>8.1f} {count:>7.0f} {slowest:>10.1f} {size / 1024:>7.1f}"
        )


if __name__ == "__main__":
    main()
