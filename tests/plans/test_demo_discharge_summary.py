"""The demo's discharged episode: ``seed_demo`` makes it once, and its discharge summary, asked over
HTTP as its therapist and read back from the PDF, shows every measure against the baseline with its
MCID verdict and every goal with its status."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from patients.models import Episode
from plans.models import PlanGoal, Visit
from plans.services.demo_discharge import RECORD


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


@pytest.fixture
def demo(db, client) -> Episode:
    call_command("seed_demo", stdout=io.StringIO())
    return Episode.objects.get(patient__record_number=RECORD)


def test_the_discharge_summary_pdf_shows_every_measure_and_every_goal(demo, client):
    assert demo.status == Episode.Status.DISCHARGED
    client.force_login(demo.patient.primary_therapist)
    response = client.get(reverse("plans:discharge_summary", args=[demo.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Discharge summary" in text and "Helen Ward" in text
    # Each measure: baseline, latest, change and the MCID verdict.
    for line in (
        "Pain (NPRS 0-10) 7 3 -4 Improved",
        "Disability (ODI %) 48 30 -18 Improved",
        "Disability (RMDQ 0-24) 14 11 -3 Unchanged",
        "Activities (PSFS mean 0-10, higher is better) 3 6.67 3.67 Improved",
    ):
        assert line in text, line
    # Each goal with its status, in the order of the plan.
    statuses = re.findall(
        r"(Met|Partly met|Not met|Dropped)(?=[: (]|$)", text.split("Goals", 1)[1].split("Last plan")[0]
    )
    assert statuses == ["Met", "Partly met", "Not met", "Partly met", "Dropped", "Met"]
    assert "Dropped: The leg pain settled" in text
    assert "Lift my grandson into his car seat" in text
    assert "Met (the therapist's judgement" in text
    assert "Lumbar flexion (degrees) at least 60" in text


def test_seeding_again_adds_nothing(demo):
    counts = (
        Visit.objects.filter(episode=demo).count(),
        PlanGoal.objects.filter(version__plan__episode=demo).count(),
    )
    assert counts == (3, 6)
    call_command("seed_demo", stdout=io.StringIO())
    demo.refresh_from_db()
    assert Episode.objects.filter(patient__record_number=RECORD).count() == 1
    assert (
        Visit.objects.filter(episode=demo).count(),
        PlanGoal.objects.filter(version__plan__episode=demo).count(),
    ) == counts
    assert demo.status == Episode.Status.DISCHARGED
