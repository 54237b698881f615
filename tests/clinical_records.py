"""A patient's whole clinical record, built through the services: an assessment, an approved plan, a
visit with a red-flag finding (and the prompt it raised), a home session and a completed questionnaire."""

from datetime import date, timedelta

from plans import services
from plans.homelog import log_home_session
from plans.models import Exercise, HomeLog, PlanVersion, Prompt, QuestionnaireRequest, Visit
from plans.questionnaire_services import questionnaire_complete, questionnaire_send
from plans.visits import VisitEntry, record_visit
from tests.factories import EpisodeFactory

TODAY = date.today()


def build_clinical_records(patient, therapist) -> dict:
    """A visit (with a red-flag finding, an exercise done in clinic and the prompt it raised), a home
    session and a completed questionnaire, all in the therapist's clinic."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    entry = services.AssessmentEntry(
        kind="initial",
        assessed_on=TODAY - timedelta(days=40),
        region="lumbar",
        onset="sudden",
        mechanism="lifting",
        recurrent=False,
        pain_distribution="back_only",
        nprs_current=7,
        odi_sections=(3, 2, 2, 2, 2, 2, 2, 2, 2, 3),
        findings=frozenset({"muscle_spasm"}),
    )
    services.record_assessment(episode=episode, entry=entry, user=therapist)
    tilt = Exercise.objects.get(slug="pelvic-tilt")
    version = services.approve_plan_version(
        episode=episode,
        content=services.PlanContent(
            review_date=TODAY + timedelta(days=14),
            exercises=[{"exercise": tilt, "sets": 2, "reps": 10, "times_per_day": 2, "days_per_week": 7}],
            education=[],
            goals=[],
        ),
        user=therapist,
    )
    visit = record_visit(
        episode=episode,
        entry=VisitEntry(
            visit_date=TODAY - timedelta(days=30),
            nprs=9,
            findings=frozenset({"progressive_weakness"}),
            exercises=[{"exercise": tilt, "sets": 3, "reps": 12, "load": "yellow band"}],
            note="Left foot weaker than last week.",
        ),
        user=therapist,
    )
    log = log_home_session(
        episode=episode,
        plan_version=version,
        done_on=TODAY - timedelta(days=1),
        exercises=list(version.exercises.all()),
        pain_before=5,
        pain_after=4,
        user=therapist,
    )
    questionnaire, _ = questionnaire_send(episode=episode, user=therapist, include_startback=False)
    questionnaire = questionnaire_complete(
        questionnaire=questionnaire, nprs=6, odi_sections=[2] * 10, user=therapist
    )
    prompt = Prompt.objects.get(visit=visit, kind="red_flag")
    return {
        Visit: visit,
        Prompt: prompt,
        HomeLog: log,
        QuestionnaireRequest: questionnaire,
        PlanVersion: version,
    }
