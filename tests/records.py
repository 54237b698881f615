"""A patient's full clinical record, built through the real services: an episode with an initial
assessment, a plan approved twice, a visit that raised a red-flag prompt, a home session, one
completed and one pending questionnaire. Free-text fields carry ``marker`` so a test can tell
whether a page shows this patient's clinical text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from patients.models import Episode, Patient
from plans.models import Assessment, Exercise, HomeLog, PlanVersion, Prompt, QuestionnaireRequest, Visit
from plans.services import plan_versions as services
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.services.home_logs import home_log_record
from plans.services.questionnaires import questionnaire_complete, questionnaire_send
from plans.services.visits import VisitEntry, visit_record
from tests.factories import EpisodeFactory

TODAY = date.today()


@dataclass(frozen=True)
class FullRecord:
    patient: Patient
    episode: Episode
    assessment: Assessment
    versions: list[PlanVersion]
    visit: Visit
    prompt: Prompt
    home_log: HomeLog
    completed_questionnaire: QuestionnaireRequest
    pending_questionnaire: QuestionnaireRequest

    @property
    def current_version(self) -> PlanVersion:
        return self.versions[-1]


def full_record(patient: Patient, therapist, *, marker: str) -> FullRecord:
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    assessment = assessment_record(
        episode=episode,
        entry=AssessmentEntry(
            kind="initial",
            assessed_on=TODAY - timedelta(days=40),
            region="lumbar",
            onset="sudden",
            mechanism="lifting",
            recurrent=False,
            pain_distribution="back_only",
            nprs_current=7,
            odi_sections=(3, 2, 2, 2, 2, 2, 2, 2, 2, 3),
            notes=f"Assessment note {marker}",
            findings=frozenset({"muscle_spasm"}),
        ),
        user=therapist,
    )
    tilt, bridge = Exercise.objects.get(slug="pelvic-tilt"), Exercise.objects.get(slug="glute-bridge")

    def approve(exercises, reason):
        return services.plan_version_approve(
            episode=episode,
            content=services.PlanContent(
                review_date=TODAY + timedelta(days=14),
                exercises=[
                    {"exercise": e, "sets": 2, "reps": 10, "times_per_day": 1, "days_per_week": 7}
                    for e in exercises
                ],
                education=[],
                goals=[{"measure": "nprs", "target": 3, "due_date": TODAY + timedelta(days=28)}],
                notes=f"Team note {marker}",
                reason=reason,
                patient_note=f"Patient note {marker}" if reason else "",
            ),
            user=therapist,
        )

    versions = [approve([tilt], ""), approve([tilt, bridge], f"Progressed {marker}")]
    visit = visit_record(
        episode=episode,
        entry=VisitEntry(
            visit_date=TODAY - timedelta(days=2),
            nprs=9,
            findings=frozenset({"progressive_weakness"}),
            exercises=[{"exercise": tilt, "sets": 3, "reps": 12, "load": "yellow band"}],
            note=f"Visit note {marker}",
        ),
        user=therapist,
    )
    home_log = home_log_record(
        episode=episode,
        plan_version=versions[-1],
        done_on=TODAY - timedelta(days=1),
        exercises=list(versions[-1].exercises.all()),
        pain_before=5,
        pain_after=4,
        comment=f"Home comment {marker}",
        user=therapist,
    )
    completed, _ = questionnaire_send(episode=episode, user=therapist, include_startback=False)
    completed = questionnaire_complete(questionnaire=completed, nprs=6, odi_sections=[2] * 10, user=therapist)
    pending, _ = questionnaire_send(episode=episode, user=therapist)
    return FullRecord(
        patient=patient,
        episode=episode,
        assessment=assessment,
        versions=versions,
        visit=visit,
        prompt=Prompt.objects.get(visit=visit, kind="red_flag"),
        home_log=home_log,
        completed_questionnaire=completed,
        pending_questionnaire=pending,
    )


def records_by_model(record: FullRecord) -> dict:
    """The record's rows by model, for tests that walk the admin page of each."""
    return {
        Visit: record.visit,
        Prompt: record.prompt,
        HomeLog: record.home_log,
        QuestionnaireRequest: record.completed_questionnaire,
        PlanVersion: record.versions[0],
    }
