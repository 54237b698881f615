"""The demo's discharged episode (run by ``seed_demo``, once): an initial assessment with every
outcome measure and a range of motion, an approved plan whose goals end met, partly met, not met
and dropped, three visits and the discharge. Its discharge summary shows each measure against the
baseline with its MCID verdict and each goal's status.

Baseline 60 days ago: NPRS 7, ODI 48%, RMDQ 14, PSFS 3.0, lumbar flexion 30 degrees. Last visit:
NPRS 3 (improved), ODI 30% (improved), RMDQ 11 (unchanged: 3 points is less than the MCID), PSFS
6.67 (improved), lumbar flexion 50 degrees.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from clinic import dates
from clinic.models import Clinic
from patients.models import Episode, Patient
from patients.services import episode_save
from plans.clinical.vocabulary import GoalStatus, Mechanism, Onset, Region, Sex
from plans.models import EducationItem, Exercise, PlanGoal
from plans.selectors.plan_editor import editor_initial_from_suggestion
from plans.services import plan_versions
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.goals import goal_drop, goal_judge
from plans.services.visits import VisitEntry, visit_record

RECORD = "R-1013"
ACTIVITIES = ("Lifting my grandson", "Sitting through a film", "Digging the garden")
RMDQ_YES = 14  # statements that applied at the baseline
# (days ago, NPRS, ODI sections, RMDQ total, PSFS ratings, lumbar flexion in degrees)
VISITS = (
    (45, 6, (3, 2, 2, 2, 3, 2, 2, 2, 2, 2), 12, (4, 3, 5), 38),
    (30, 4, (2, 2, 2, 2, 2, 2, 2, 1, 2, 1), 10, (6, 5, 6), 45),
    (15, 3, (2, 1, 2, 1, 2, 1, 2, 1, 2, 1), 11, (7, 6, 7), 50),
)
Measure = PlanGoal.Measure
# (measure, target, description); the SLR goal is dropped and the functional goal judged met.
GOALS = (
    (Measure.NPRS, Decimal(3), ""),  # met: 7 -> 3
    (Measure.ODI, Decimal(20), ""),  # partly met: 48 -> 30, more than half-way to 20
    (Measure.RMDQ, Decimal(4), ""),  # not met: 14 -> 11, less than half-way to 4
    (Measure.LUMBAR_FLEXION, Decimal(60), "Bend to tie my shoes"),  # partly met: 30 -> 50 degrees
    (Measure.SLR_LEFT, Decimal(70), ""),  # dropped
    (Measure.FUNCTION, None, "Lift my grandson into his car seat"),  # met, in the therapist's judgement
)
DROP_REASON = "The leg pain settled at the first visits; the leg raise no longer matters to her."


def demo_discharged_episode(*, clinic: Clinic, therapist: User) -> Episode:
    """The demo patient Helen Ward's discharged episode, made once (idempotent)."""
    today = dates.today()
    patient, _ = Patient.objects.get_or_create(
        clinic=clinic,
        record_number=RECORD,
        defaults={
            "given_name": "Helen",
            "family_name": "Ward",
            "date_of_birth": today.replace(year=today.year - 58, day=1),
            "sex": Sex.FEMALE,
            "email": "helen.ward@example.com",
            "primary_therapist": therapist,
        },
    )
    episode = patient.episodes.first() or Episode.objects.create(
        patient=patient,
        region=Region.LUMBAR,
        onset=Onset.SUDDEN,
        mechanism=Mechanism.LIFTING,
        onset_date=today - timedelta(days=70),
    )
    if episode.assessments.exists():
        return episode
    assessment = assessment_record(
        episode=episode,
        entry=AssessmentEntry(
            kind="initial",
            assessed_on=today - timedelta(days=60),
            region=episode.region,
            onset=episode.onset,
            mechanism=episode.mechanism,
            recurrent=False,
            pain_distribution="back_only",
            nprs_current=7,
            odi_sections=(3, 2, 3, 2, 3, 2, 2, 2, 2, 3),  # 24 of 50: 48%
            psfs_activities=ACTIVITIES,
            psfs_ratings=(3, 2, 4),
            rmdq_items=(1,) * RMDQ_YES + (0,) * (24 - RMDQ_YES),
            objective={"lumbar_flexion": 30, "slr_left": 50},
            findings=frozenset({"muscle_spasm", "pain_with_movement"}),
        ),
        user=therapist,
    )
    _approve_plan(episode, assessment, therapist)
    for days_ago, nprs, odi, rmdq, psfs, flexion in VISITS:
        visit_record(
            episode=episode,
            entry=VisitEntry(
                visit_date=today - timedelta(days=days_ago),
                nprs=nprs,
                odi_sections=odi,
                rmdq_total=rmdq,
                psfs_ratings=psfs,
                adherence_percent=80,
                objective={"lumbar_flexion": flexion},
            ),
            user=therapist,
        )
    goals = {goal.measure: goal for goal in PlanGoal.objects.filter(version__plan__episode=episode)}
    goal_drop(goal=goals[Measure.SLR_LEFT], user=therapist, reason=DROP_REASON)
    goal_judge(goal=goals[Measure.FUNCTION], user=therapist, status=GoalStatus.MET)
    episode.status = Episode.Status.DISCHARGED
    episode.discharge_date = today
    episode.discharge_reason = Episode.DischargeReason.GOALS_MET
    return episode_save(episode=episode)


def _approve_plan(episode: Episode, assessment, therapist: User) -> None:
    """The suggested exercises and education, with the demo's goals and advice."""
    initial = editor_initial_from_suggestion(assessment)
    by_pk = Exercise.objects.in_bulk([row["exercise"] for row in initial["exercises"]])
    today = dates.today()
    plan_versions.plan_version_approve(
        episode=episode,
        content=plan_versions.PlanContent(
            review_date=today,
            exercises=[{**row, "exercise": by_pk[row["exercise"]]} for row in initial["exercises"]],
            education=list(EducationItem.objects.filter(pk__in=initial["version"]["education"])),
            goals=[
                {"measure": measure, "target": target, "due_date": today, "description": description}
                for measure, target, description in GOALS
            ],
            activity_advice="Keep walking every day, a little further each week.",
        ),
        user=therapist,
        assessment=assessment,
    )
