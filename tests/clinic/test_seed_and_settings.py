import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from clinic.models import Membership
from patients.models import Episode, Patient

ROOT = Path(__file__).resolve().parents[2]


def test_seed_demo_loads_data_and_prints_logins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # idempotent
    assert "therapist   / upright-demo" in out.getvalue()
    assert "patient     / upright-demo" in out.getvalue()
    assert Patient.objects.filter(clinic__name="Riverside Physiotherapy").count() == 13  # with Helen Ward
    assert Episode.objects.count() == 13
    assert Patient.objects.get(record_number="R-1001").portal_user.username == "patient"
    assert Membership.objects.filter(role=Membership.Role.ADMIN_STAFF).count() == 1
    assert Membership.objects.filter(role=Membership.Role.PRACTICE_MANAGER).count() == 1
    assert Membership.objects.filter(role=Membership.Role.CLINICAL_LEAD).count() == 1


def test_check_deploy_is_clean_in_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "false",
        "SECRET_KEY": "r8Jq2v-Nw0x_9fLk3ZpT7yHc1bMd5sQeUa6gViWo4nXjR2tKmYlPz0cFhDs8EuBq",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _run_bare(*args, **env):
    """Run a command with nothing in the environment but PATH and what is given."""
    bare = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=bare, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("server", ["clinic.wsgi", "clinic.asgi"])
def test_servers_refuse_to_start_without_secret_key_in_production(server):
    result = _run_bare("-c", f"import {server}", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert _run_bare("-c", f"import {server}", DEBUG="false", SECRET_KEY="k" * 60).returncode == 0


def test_deploy_check_fails_without_secret_key():
    result = _run_bare("manage.py", "check", "--deploy", "--fail-level", "WARNING", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_makemigrations_check_runs_in_a_bare_environment():
    result = _run_bare("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


# The pages a therapist opens first, each answered on SQLite (its SQL differs from PostgreSQL's).
SQLITE_PAGES = """
from django.contrib.auth import get_user_model
from django.test import Client
from patients.models import Episode
therapist = get_user_model().objects.get(username="therapist")
client = Client(raise_request_exception=False)
client.force_login(therapist)
episode = Episode.objects.visible_to(therapist).filter(status="open").first()
paths = ["/caseload/", "/attention/", "/attention/?scope=clinic", "/patients/"]
paths += [f"/episodes/{episode.code}/", f"/episodes/{episode.code}/plan/edit/"]
for path in paths:
    print(path, client.get(path).status_code)
"""


def test_the_apps_own_setup_runs_on_sqlite(tmp_path):
    """`make run` with no DATABASE_URL: every migration, then the demo seed, on a new SQLite file;
    then the therapist's first pages answer there."""
    database = f"sqlite:///{tmp_path / 'upright.sqlite3'}"
    env = {"PATH": os.environ["PATH"], "DEBUG": "true", "DATABASE_URL": database}
    env["ALLOWED_HOSTS"] = "testserver"  # the test client's host
    runs = []
    for command in (
        ["manage.py", "migrate", "--noinput"],
        ["manage.py", "seed_demo"],
        ["manage.py", "shell", "-c", SQLITE_PAGES],
    ):
        result = subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        runs.append(result.stdout)
    assert "therapist   / upright-demo" in runs[1]
    answered = dict(line.rsplit(" ", 1) for line in runs[2].splitlines() if line.startswith("/"))
    assert len(answered) == 6 and set(answered.values()) == {"200"}, runs[2]
