"""The clinic-group benchmark: throughput and latency of the pages against the framework's ceiling.

Run through ``bench/run``, which seeds the database and sets the production environment. This script
picks the busiest therapist and their records, logs the bench users in, counts each page's SQL
queries in-process, serves the app with gunicorn (2 workers, persistent connections), measures each
target with wrk on loopback, prints a table and writes ``bench/results.json``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django  # noqa: E402

django.setup()
for noisy in ("weasyprint", "fontTools", "axes"):
    logging.getLogger(noisy).setLevel(logging.WARNING)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from patients.models import Episode, Patient  # noqa: E402
from patients.portal_accounts import portal_invite  # noqa: E402
from plans.api.tokens import api_token_issue  # noqa: E402
from plans.models import Assessment, PlanVersion  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8011"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARM_UP = os.environ.get("BENCH_WARM_UP", "3s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
RESULTS = ROOT / "bench" / "results.json"

SUGGEST_BODY = {
    "age": 45,
    "sex": "female",
    "region": "lumbar",
    "onset": "sudden",
    "duration_days": 10,
    "recurrent": False,
    "mechanism": "lifting",
    "pain_distribution": "back_only",
    "nprs": 6,
    "bmi": 27.4,
    "odi": [2, 1, 2, 1, 2, 2, 1, None, 2, 3],
    "startback": {"items": [1, 0, 0, 0, 1, 1, 1, 0], "bothersomeness": "very_much"},
    "psfs": {"items": [3, 5, 4], "activities": ["Lifting my child", "Gardening", "Sitting through a film"]},
    "rmdq": {"items": [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]},
    "fabq": {"items": [1, 3, 4, 2, 5, 6, 4, 0, 3, 5, 2, 6, 1, 0, 4, 2]},
    "findings": ["muscle_spasm", "localized_tenderness", "pain_with_movement"],
}
PROGRESS_BODY = {
    "baseline": {"date": "2026-01-05", "nprs": 7, "odi_percent": 40},
    "visits": [
        {"date": "2026-01-12", "nprs": 6, "odi_percent": 36},
        {"date": "2026-01-19", "nprs": 4, "odi_percent": 28},
        {"date": "2026-01-26", "nprs": 4, "odi_percent": 26},
    ],
}


@dataclass
class Target:
    name: str
    path: str
    who: str  # a key of the logged-in clients, or "" for anonymous
    body: dict | None = None  # JSON body: a POST through the API token
    headers: dict[str, str] = field(default_factory=dict)
    queries: int | None = None


def busiest_therapist():
    open_episodes = Q(primary_patients__episodes__status=Episode.Status.OPEN)
    user = (
        get_user_model()
        .objects.annotate(open_episodes=Count("primary_patients__episodes", filter=open_episodes))
        .order_by("-open_episodes", "id")
        .first()
    )
    if user is None or user.open_episodes == 0:
        sys.exit("No therapist with open episodes: seed the database first (bench/run does).")
    return user


def pick_records(therapist):
    episode = (
        Episode.objects.filter(patient__primary_therapist=therapist, status=Episode.Status.OPEN)
        .filter(plan__versions__isnull=False)
        .annotate(n_visits=Count("visits", distinct=True))
        .order_by("-n_visits", "id")
        .first()
    )
    if episode is None:
        sys.exit("The busiest therapist has no open episode with an approved plan.")
    assessment = Assessment.objects.filter(episode=episode).order_by("-assessed_on", "-id").first()
    version = PlanVersion.objects.filter(plan__episode=episode).order_by("-number").first()
    portal_patient = (
        Patient.objects.filter(clinic=episode.patient.clinic, portal_user__isnull=False)
        .filter(episodes__plan__versions__isnull=False)
        .distinct()
        .first()
    )
    if portal_patient is None:  # the bulk seed makes no portal logins: give the episode's patient one
        with transaction.atomic():
            portal_invite(patient=episode.patient, user=therapist)
        portal_patient = Patient.objects.select_related("portal_user").get(pk=episode.patient_id)
    return episode, assessment, version, portal_patient


def bench_superuser():
    user, _ = get_user_model().objects.get_or_create(
        username="bench-root", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def targets(episode, assessment, version, search: str) -> list[Target]:
    found = [
        Target("healthz", "/healthz/", ""),
        Target("caseload", reverse("plans:dashboard"), "therapist"),
        Target("patient_list", reverse("patients:list"), "therapist"),
        Target("patient_search", f"{reverse('patients:list')}?q={search}", "therapist"),
        Target("episode", reverse("patients:episode_detail", args=[episode.code]), "therapist"),
        Target("suggestion", reverse("plans:assessment_detail", args=[assessment.code]), "therapist"),
        Target("plan_editor", reverse("plans:plan_edit", args=[episode.code]), "therapist"),
        Target("suggest_api", reverse("api:suggest"), "token", body=SUGGEST_BODY),
        Target("progress_api", reverse("api:progress_evaluate"), "token", body=PROGRESS_BODY),
        Target("portal_plan", reverse("portal:home"), "patient"),
        Target("plan_pdf", reverse("plans:plan_pdf", args=[episode.code, version.number]), "therapist"),
        Target("admin_visits", "/admin/plans/visit/", "superuser"),
        Target("admin_home_logs", "/admin/plans/homelog/", "superuser"),
    ]
    return found


def count_queries(target: Target, clients: dict[str, Client], token: str) -> int:
    client = clients.get(target.who) or Client()
    with CaptureQueriesContext(connection) as queries:
        if target.body is not None:
            response = client.post(
                target.path,
                data=json.dumps(target.body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {token}",
            )
        else:
            response = client.get(target.path)
    if response.status_code != 200:
        sys.exit(
            f"{target.name}: {target.path} answered {response.status_code} in-process; fix before timing."
        )
    return len(queries)


def wrk_script(target: Target, directory: Path) -> Path | None:
    if target.body is None:
        return None
    script = directory / f"{target.name}.lua"
    body = json.dumps(target.body).replace("\\", "\\\\").replace('"', '\\"')
    script.write_text(
        f'wrk.method = "POST"\nwrk.body = "{body}"\nwrk.headers["Content-Type"] = "application/json"\n'
    )
    return script


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(target: Target, directory: Path, duration: str) -> str:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--timeout", "30s", "--latency"]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    if script := wrk_script(target, directory):
        command += ["-s", str(script)]
    return subprocess.run([*command, BASE + target.path], capture_output=True, text=True, check=True).stdout


def measure(target: Target, directory: Path) -> dict:
    wrk(target, directory, WARM_UP)  # caches, connections and imports of both workers
    output = wrk(target, directory, DURATION)
    rps = RPS.search(output)
    if rps is None or float(rps.group(1)) == 0:
        print(f"{target.name}: no answer within {DURATION}", file=sys.stderr)
        return {"rps": 0.0, "p50_ms": None, "p99_ms": None, "error": f"no answer within {DURATION}"}
    if match := NON_2XX.search(output):
        sys.exit(f"{target.name}: {match.group(1)} non-2xx answers under load:\n{output}")
    latencies = {pct: float(value) * UNIT_MS[unit] for pct, value, unit in LATENCY.findall(output)}
    return {
        "rps": round(float(rps.group(1)), 1),
        "p50_ms": round(latencies["50"], 2),
        "p99_ms": round(latencies["99"], 2),
    }


def worker_rss_mib(master_pid: int) -> float:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return round(max(sizes), 1) if sizes else 0.0


def serve() -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "clinic.wsgi", "-w", WORKERS, "-b", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        start_new_session=True,  # its own process group, so stop() ends the workers with the master
    )
    for _ in range(100):
        try:
            subprocess.run(["curl", "-sf", f"{BASE}/healthz/"], check=True, capture_output=True)
            return server
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz/ within 20 s.")


def stop(server: subprocess.Popen) -> None:
    """End gunicorn and its workers at once (a slow page's requests may still be running), and wait
    until the port is free for the next page's server."""
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) != 0:
                return
        time.sleep(0.1)
    sys.exit(f"port {PORT} still in use 10 s after gunicorn stopped.")


def main() -> None:
    therapist = busiest_therapist()
    episode, assessment, version, portal_patient = pick_records(therapist)
    search = episode.patient.family_name[:5].lower()
    clients = {
        "therapist": logged_in(therapist),
        "superuser": logged_in(bench_superuser()),
        "patient": logged_in(portal_patient.portal_user),
    }
    _, token = api_token_issue(user=therapist)
    plan = targets(episode, assessment, version, search)
    for target in plan:
        target.queries = count_queries(target, clients, token)
        if target.who == "token":
            target.headers["Authorization"] = f"Token {token}"
        elif target.who:
            target.headers["Cookie"] = f"sessionid={clients[target.who].cookies['sessionid'].value}"
    connection.close()

    print(f"Therapist {therapist.username}: {therapist.open_episodes} open episodes; episode {episode.code}.")
    measured: dict[str, dict] = {}
    sizes = []
    with tempfile.TemporaryDirectory() as directory:
        for target in plan:
            # Fresh workers for each page: a slow page's queued requests never delay the next one.
            server = serve()
            try:
                measured[target.name] = measure(target, Path(directory))
                sizes.append(worker_rss_mib(server.pid))
            finally:
                stop(server)
            print(f"  {target.name:<16} {measured[target.name]['rps']:>8} req/s", flush=True)
    rss = max(sizes)

    ceiling = measured.pop("healthz")
    pages = {
        target.name: {
            **measured[target.name],
            "ratio": round(measured[target.name]["rps"] / ceiling["rps"], 3),
            "queries": target.queries,
        }
        for target in plan
        if target.name != "healthz"
    }
    results = {
        "ceiling": ceiling,
        "pages": pages,
        "seed_s": float(os.environ["BENCH_SEED_S"]) if os.environ.get("BENCH_SEED_S") else None,
        "worker_rss_mib": rss,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'SQL':>4}")
    print(
        f"{'/healthz/':<16} {ceiling['rps']:>8} {ceiling['p50_ms']:>8} {ceiling['p99_ms']:>8} {1:>6} {0:>4}"
    )
    for name, row in pages.items():
        shown = ["-" if row[key] is None else row[key] for key in ("rps", "p50_ms", "p99_ms")]
        timings = " ".join(f"{value:>8}" for value in shown)
        print(f"{name:<16} {timings} {row['ratio']:>6} {row['queries']:>4}")
    print(f"\nseed {results['seed_s']} s; worker RSS {rss} MiB; written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
