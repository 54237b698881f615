import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

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
    assert Patient.objects.filter(clinic__name="Riverside Physiotherapy").count() == 12
    assert Episode.objects.count() == 12
    assert Patient.objects.get(record_number="R-1001").portal_user.username == "patient"
    assert Membership.objects.filter(role=Membership.Role.ADMIN_STAFF).count() == 1


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


def test_settings_refuse_to_start_without_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "clinic.settings", "DEBUG": "false"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
