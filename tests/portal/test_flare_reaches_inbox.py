"""The portal tells a patient whose pain flared that "your therapist will see this": the flare is on
the therapist's inbox, caseload and nav count the moment it is logged, until acknowledged."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.models import HomeLog
from tests.access_matrix import CLINICAL_LIST, cells, check, row


def _nav_count(html: str) -> int:
    return int(re.search(r'data-testid="nav-attention-count">(\d+)<', html).group(1))


def _log(portal_client, version, before, after):
    return portal_client.post(
        "/portal/log/",
        {
            "exercises": [item.pk for item in version.exercises.all()],
            "pain_before": str(before),
            "pain_after": str(after),
            "done_on": timezone.localdate().isoformat(),
            "comment": "Sharp pain in the evening.",
        },
        follow=True,
    )


def test_a_flare_logged_on_the_portal_is_on_the_therapists_list_at_once(
    portal_client, plan_version, therapist, patient
):
    staff = Client()
    staff.force_login(therapist)
    before = _nav_count(staff.get(reverse("plans:dashboard")).text)

    response = _log(portal_client, plan_version, 2, 5)  # up by 3: a flare
    assert "Your therapist will see this" in response.text

    caseload = staff.get(reverse("plans:dashboard")).text
    assert _nav_count(caseload) == before + 1
    assert 'data-kind="flare"' in caseload and "pain 2 → 5" in caseload
    assert 'data-testid="dashboard-prompt-flare"' in caseload
    inbox = staff.get(reverse("plans:attention")).text
    assert 'data-kind="flare"' in inbox and patient.family_name in inbox

    log = HomeLog.objects.get()
    staff.post(reverse("plans:flare_acknowledge", args=[log.pk]), {"next": reverse("plans:attention")})
    log.refresh_from_db()
    assert log.acknowledged_by == therapist and log.acknowledged_at is not None
    assert log.history.latest().history_user == therapist
    after = staff.get(reverse("plans:attention")).text
    assert 'data-kind="flare"' not in after and _nav_count(after) == before


def test_a_rise_of_two_is_not_a_flare_and_stays_off_the_list(portal_client, plan_version, therapist):
    staff = Client()
    staff.force_login(therapist)
    response = _log(portal_client, plan_version, 2, 4)
    assert "Your therapist will see this" not in response.text
    assert 'data-kind="flare"' not in staff.get(reverse("plans:attention")).text


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(row("inbox", lambda get: reverse("plans:attention"), CLINICAL_LIST))


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
