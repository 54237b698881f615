"""The discharge summary and the referral letter: PDFs on the clinic's letterhead, each measure
against its baseline with its MCID verdict, each goal with its status, and the one gate."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from clinic import dates
from plans.models import PlanGoal
from plans.render.letters import render_discharge_html, render_referral_html
from plans.services.goals import goal_drop
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, row
from tests.factories import (
    AssessmentFactory,
    AssessmentFindingFactory,
    PlanEducationFactory,
    PlanExerciseFactory,
    PlanFactory,
    PlanGoalFactory,
    PlanVersionFactory,
    ReferralFactory,
    VisitFactory,
)

D = Decimal


def _cells(html: str, testid: str) -> list[str]:
    """The text of each element marked ``testid``, tags dropped and spaces squeezed."""
    found = re.findall(rf'data-testid="{testid}"[^>]*>(.*?)</t[rd]>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


@pytest.fixture
def treated(episode, therapist):
    """Initial assessment NPRS 7, ODI 40%, RMDQ 12, PSFS 3; two visits; a plan with five goals."""
    clinic = episode.patient.clinic
    clinic.address, clinic.email, clinic.letterhead = "1 High Street\nLeeds", "desk@example.org", "Back care"
    clinic.phone = "0113 000 0000"
    clinic.save()
    assessment = AssessmentFactory(
        episode=episode,
        assessed_by=therapist,
        assessed_on=dates.today() - timedelta(days=9),
        nprs_current=7,
        odi_percent=D(40),
        odi_valid=True,
        rmdq_total=12,
        psfs_mean=D("3.00"),
    )
    VisitFactory(episode=episode, recorded_by=therapist, visit_date=assessment.assessed_on, nprs=6)
    VisitFactory(
        episode=episode,
        recorded_by=therapist,
        nprs=4,
        odi_percent=D(30),
        odi_valid=True,
        rmdq_total=11,
        psfs_mean=D("7.00"),
    )
    version = PlanVersionFactory(
        plan=PlanFactory(episode=episode), approved_by=therapist, assessment=assessment,
        activity_advice="Walk every day, a little further each week.",
    )  # fmt: skip
    PlanExerciseFactory(version=version)
    PlanEducationFactory(version=version)
    goals = {
        "nprs": PlanGoalFactory(version=version, measure=PlanGoal.Measure.NPRS, target=D(3)),
        "odi": PlanGoalFactory(version=version, measure=PlanGoal.Measure.ODI, target=D(20)),
        "rmdq": PlanGoalFactory(version=version, measure=PlanGoal.Measure.RMDQ, target=D(7)),
        "psfs": PlanGoalFactory(version=version, measure=PlanGoal.Measure.PSFS, target=D(6)),
        "function": PlanGoalFactory(
            version=version, measure=PlanGoal.Measure.FUNCTION, target=None, description="Lift my grandson"
        ),
    }
    goal_drop(goal=goals["rmdq"], user=therapist, reason="Replaced by the PSFS goal.")
    return episode


def test_the_discharge_summary_shows_every_measure_against_baseline_with_its_verdict(treated):
    html = render_discharge_html(episode=treated)
    measures = re.findall(r'data-measure="(\w+)"', html)
    assert measures == ["nprs", "odi", "rmdq", "psfs"]
    assert _cells(html, "discharge-verdict") == ["Improved", "Improved", "Unchanged", "Improved"]
    rows = re.findall(r'data-testid="discharge-measure"[^>]*>(.*?)</tr>', html, flags=re.S)
    assert [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows] == [
        "Pain (NPRS 0-10) 7 4 -3 Improved",
        "Disability (ODI %) 40 30 -10 Improved",
        "Disability (RMDQ 0-24) 12 11 -1 Unchanged",
        "Activities (PSFS mean 0-10, higher is better) 3 7 4 Improved",
    ]


def test_the_discharge_summary_shows_every_goal_with_its_status(treated):
    html = render_discharge_html(episode=treated)
    assert _cells(html, "discharge-goal-status") == [
        "Partly met",  # NPRS 7 -> 4 towards 3: three quarters of the way
        "Partly met",  # ODI 40 -> 30 towards 20: exactly half-way
        "Dropped: Replaced by the PSFS goal.",
        "Met",  # PSFS 3 -> 7, at least 6
        "Not judged yet",  # a functional goal in the patient's words, not yet given a status
    ]
    assert "Lift my grandson" in html
    assert "Walk every day, a little further each week." in html


def test_the_letters_carry_the_clinics_letterhead(treated):
    html = render_discharge_html(episode=treated)
    head = re.search(r'data-testid="letterhead">(.*?)</header>', html, flags=re.S).group(1)
    for detail in ("Back care", "1 High Street", "Leeds", "0113 000 0000", "desk@example.org"):
        assert detail in head


def test_the_discharge_summary_is_a_pdf(therapist_client, treated):
    response = therapist_client.get(reverse("plans:discharge_summary", args=[treated.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_discharge_summary_queries_stay_fixed_as_visits_grow(
    therapist_client, treated, therapist, django_assert_num_queries
):
    url = reverse("plans:discharge_summary", args=[treated.code])
    therapist_client.get(url)  # warm the caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        therapist_client.get(url)
    VisitFactory.create_batch(4, episode=treated, recorded_by=therapist, nprs=3)
    with django_assert_num_queries(len(before)):
        therapist_client.get(url)


def test_the_referral_letter_says_why_how_urgently_and_to_whom(therapist_client, episode, therapist):
    referral = ReferralFactory(episode=episode, recorded_by=therapist, referred_to="GP, Dr Shah")
    AssessmentFindingFactory(assessment=referral.assessment, code="night_pain")
    html = render_referral_html(referral=referral)
    assert "GP, Dr Shah" in html
    assert "Same day" in html
    findings = re.search(r'data-testid="referral-findings">(.*?)</ul>', html, flags=re.S).group(1)
    assert "Pain at night not eased by changing position" in findings
    response = therapist_client.get(reverse("plans:referral_letter", args=[episode.code, referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_episode_page_links_the_letters_and_shows_goal_statuses(therapist_client, treated, therapist):
    ReferralFactory(episode=treated, recorded_by=therapist)
    page = therapist_client.get(reverse("patients:episode_detail", args=[treated.code])).content.decode()
    assert reverse("plans:discharge_summary", args=[treated.code]) in page
    assert 'data-testid="referral-letter"' in page
    statuses = re.findall(r'data-testid="goal-status">([^<]+)<', page)
    assert statuses == ["Partly met", "Partly met", "Dropped", "Met"]


def test_a_referral_of_another_episode_is_not_found(therapist_client, treated, therapist):
    other = ReferralFactory(recorded_by__clinic=treated.patient.clinic)
    url = reverse("plans:referral_letter", args=[treated.code, other.pk])
    assert therapist_client.get(url).status_code == 404


def test_dropping_a_goal_needs_a_reason_and_is_audited(treated, therapist):
    from django.core.exceptions import ValidationError

    goal = PlanGoal.objects.get(version__plan__episode=treated, measure=PlanGoal.Measure.NPRS)
    with pytest.raises(ValidationError):
        goal_drop(goal=goal, user=therapist, reason="   ")
    goal_drop(goal=goal, user=therapist, reason="Pain is no longer the main problem.")
    latest = goal.history.first()
    assert latest.dropped_reason == "Pain is no longer the main problem."
    assert latest.history_user == therapist
    with pytest.raises(ValidationError):
        goal_drop(goal=goal, user=therapist, reason="Again.")


def _referral_url(get):
    referral = ReferralFactory(episode=get("episode"), recorded_by=get("therapist"))
    return reverse("plans:referral_letter", args=[get("episode").code, referral.pk])


ACCESS = cells(
    row("discharge summary", lambda get: reverse("plans:discharge_summary", args=[get("episode").code]),
        CLINICAL_PAGE),
    row("referral letter", _referral_url, CLINICAL_PAGE),
    row("unknown episode", lambda get: reverse("plans:discharge_summary",
        args=["00000000-0000-0000-0000-000000000000"]), therapist=NOT_FOUND),
)  # fmt: skip


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)


def _drop_url(get):
    goal = PlanGoalFactory(version__plan__episode=get("episode"), version__approved_by=get("therapist"))
    return reverse("plans:goal_drop", args=[goal.pk])


DROP_ACCESS = cells(row("drop a goal", _drop_url, CLINICAL_PAGE))


@pytest.mark.parametrize("cell", DROP_ACCESS)
def test_drop_access(cell, request):
    check(cell, request)


def test_a_goal_is_dropped_from_its_page_with_a_reason(therapist_client, treated):
    goal = PlanGoal.objects.get(version__plan__episode=treated, measure=PlanGoal.Measure.NPRS)
    url = reverse("plans:goal_drop", args=[goal.pk])
    refused = therapist_client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Say why the goal is dropped." in refused.text
    goal.refresh_from_db()
    assert goal.dropped_on is None
    done = therapist_client.post(url, {"reason": "Pain is no longer the main problem."})
    assert done.status_code == 302
    goal.refresh_from_db()
    assert goal.dropped_reason == "Pain is no longer the main problem."
    page = therapist_client.get(reverse("patients:episode_detail", args=[treated.code])).text
    assert re.findall(r'data-testid="goal-status">([^<]+)<', page)[0] == "Dropped"
