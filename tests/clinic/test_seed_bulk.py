"""``seed_demo --patients N``: demo data at scale, judged by the same rules as recorded data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from patients.models import Episode, Patient
from plans.clinical.vocabulary import PromptKind
from plans.demo.bulk import is_demo, seed_patients
from plans.demo.notes import RECENT_DAYS
from plans.demo.people import busy_username
from plans.models import (
    Assessment,
    ClinicalNote,
    HomeLog,
    NoteKind,
    NoteStatus,
    PlanExercise,
    PlanVersion,
    Prompt,
    PromptStatus,
    Referral,
    Visit,
)
from plans.selectors.caseload_state import drifted
from plans.selectors.visits import baseline_for, plan_goals, progress_since
from tests.factories import PatientFactory


def seed(patients=20, **options):
    out, err = StringIO(), StringIO()
    call_command("seed_demo", patients=patients, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


COUNTED = (Patient, Episode, Assessment, PlanVersion, PlanExercise, Visit, Prompt, Referral, HomeLog)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def fingerprint(seed_number=0):
    """The seed's data without database keys, timestamps or lock versions."""
    patients = Patient.objects.filter(record_number__startswith=f"D{seed_number}-")
    visits = Visit.objects.filter(episode__patient__in=patients)
    return (
        sorted(patients.values_list("code", "record_number", "given_name", "family_name", "date_of_birth")),
        sorted(
            Episode.objects.filter(patient__in=patients).values_list(
                "code", "onset_date", "status", "discharge_date", "discharge_reason"
            )
        ),
        sorted(
            Assessment.objects.filter(episode__patient__in=patients).values_list(
                "code", "assessed_on", "nprs_current", "odi_percent", "triage_level", "stage"
            )
        ),
        sorted(visits.values_list("code", "visit_date", "visit_time", "nprs", "odi_percent", "status")),
        sorted(
            Prompt.objects.filter(visit__in=visits).values_list("visit__code", "kind", "status", "message")
        ),
    )


def test_makes_patients_with_their_care_and_history(db):
    out, err = seed(20)
    assert "20 patients" in out
    assert "Patients: 100%" in err and "20/20" in err  # the progress bar
    patients = Patient.objects.filter(is_demo())
    assert patients.count() == 20
    episodes = Episode.objects.filter(patient__in=patients)
    assert 20 <= episodes.count() <= 80
    for episode in episodes.prefetch_related("assessments", "visits"):
        assert episode.assessments.exists()
        assert (episode.status == Episode.Status.OPEN) == (episode.discharge_date is None)
        for visit in episode.visits.all():
            assert visit.baseline == baseline_for(episode, visit.visit_date)
            assert visit.plan_version == PlanVersion.objects.current_for(episode, on=visit.visit_date)
            assert visit.baseline.assessed_on <= visit.visit_date
    assert Visit.objects.count() > 40
    assert not Prompt.objects.exclude(episode=F("visit__episode")).exists()
    # Every row has the history row the services would have written, naming who recorded it.
    for model in (Patient, Episode, Assessment, Visit, Prompt, PlanVersion):
        assert model.history.count() == model.objects.count(), model
    visit = Visit.objects.first()
    assert visit.history.get().history_user == visit.recorded_by
    # Each plan version's exercises are in it once; home sessions name their version's exercises.
    log = HomeLog.objects.filter(exercises__isnull=False).first()
    assert set(log.exercises.values_list("version", flat=True)) == {log.plan_version_id}


def test_every_visit_is_judged_by_the_progress_rules(db):
    """Statuses, judgements and prompts are what plans.services.visits would have stored."""
    seed(20)
    checked = 0
    for assessment in Assessment.objects.filter(visits__isnull=False).distinct():
        series = list(
            assessment.visits.prefetch_related("findings").order_by("visit_date", "visit_time", "id")
        )
        report = progress_since(
            assessment, series, assessment.episode.patient, plan_goals(series[0].plan_version)
        )
        for index, visit in enumerate(series):
            judgement = report.visits[index]
            assert visit.status == (judgement.status.value if judgement.status else "")
            assert visit.judgement == {name: c.as_dict() for name, c in judgement.measures.items()}
            expected = sorted((p.kind.value, p.message) for p in report.prompts_for(index))
            assert sorted(visit.prompts.values_list("kind", "message")) == expected
            checked += 1
    assert checked == Visit.objects.count()
    # One open prompt per kind and episode (a newer one supersedes it), red flags apart.
    for episode in Episode.objects.all():
        kinds = list(episode.prompts.open().exclude(kind=PromptKind.RED_FLAG).values_list("kind", flat=True))
        assert len(kinds) == len(set(kinds))
    assert Prompt.objects.filter(
        status=PromptStatus.DISMISSED, dismissal_reason__startswith="Superseded"
    ).exists()


def test_most_notes_are_signed_on_the_day_and_a_backlog_is_left(db):
    seed(25)
    old_visits = Visit.objects.filter(visit_date__lt=timezone.localdate() - timedelta(days=RECENT_DAYS))
    signed = old_visits.filter(note_signed=True)
    assert 0.9 * old_visits.count() <= signed.count() < old_visits.count()  # and an older backlog
    for visit in signed.select_related("recorded_by"):
        (note,) = ClinicalNote.objects.filter(visit=visit)
        assert (note.kind, note.status, note.signed_by, note.written_by) == (
            NoteKind.DAILY,
            NoteStatus.SIGNED,
            visit.recorded_by,
            visit.recorded_by,
        )
    assert not ClinicalNote.objects.filter(visit__note_signed=False).exists()
    recent = Visit.objects.filter(visit_date__gt=timezone.localdate() - timedelta(days=RECENT_DAYS))
    assert recent.exists() and not recent.filter(note_signed=True).exists()  # still waiting for their note
    signed_assessments = Assessment.objects.filter(note_signed=True)
    assert signed_assessments.count() == ClinicalNote.objects.filter(evaluation__isnull=False).count() > 0
    discharged = Episode.objects.filter(status=Episode.Status.DISCHARGED)
    assert 0 < ClinicalNote.objects.filter(kind=NoteKind.DISCHARGE).count() <= discharged.count()
    assert ClinicalNote.history.count() == ClinicalNote.objects.count()  # each with its history row


def test_running_again_changes_nothing_and_a_larger_n_adds_the_rest(db):
    seed(12)
    before, data = counts(), fingerprint()
    out, _ = seed(12)
    assert "nothing new" in out
    assert counts() == before
    assert fingerprint() == data
    seed(15)
    assert Patient.objects.filter(is_demo()).count() == 15


def test_running_again_refreshes_a_state_left_behind_by_a_run_stopped_before_its_refresh(db):
    seed(6)
    Episode.objects.update(last_visit_date=None, visits_since_baseline=0, open_prompt_count=0)
    assert drifted()
    out, _ = seed(6)
    assert "nothing new" in out
    assert drifted() == []


class Undo(Exception):
    pass


def test_the_same_seed_makes_the_same_data_and_another_seed_other_data(db):
    runs = []
    for _ in range(2):
        with pytest.raises(Undo), transaction.atomic():
            seed(8)
            runs.append(fingerprint())
            raise Undo
    assert runs[0] == runs[1]
    assert runs[0][3]  # visits were made
    seed(8, seed=5)
    assert fingerprint(5) != runs[0]
    assert Patient.objects.filter(record_number__startswith="D5-").count() == 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seeding_in_maker_processes_writes_what_seeding_in_line_writes():
    with pytest.raises(Undo), transaction.atomic():
        seed(7)  # inside a transaction: in line, on this connection
        in_line = counts(), fingerprint()
        raise Undo
    assert not Patient.objects.exists()
    batches = []
    written = seed_patients(
        patients=7,
        seed=0,
        password_hash="!",
        batch_size=3,  # three batches over two makers, each writing on its own connection
        progress=lambda done, total: batches.append(done),
    )
    assert batches == [0, 3, 6, 7]
    assert (counts(), fingerprint()) == in_line
    assert written["patients"] == 7 and written["visits"] == in_line[0]["Visit"]
    assert drifted() == []  # the refresh after the makers saw every batch


def test_refuses_a_database_with_other_patients_unless_forced(db):
    PatientFactory()
    with pytest.raises(CommandError, match="1 patient\\(s\\) that are not demo data.*--force"):
        seed(5)
    assert not Patient.objects.filter(is_demo()).exists()
    seed(5, force=True)
    assert Patient.objects.filter(is_demo()).count() == 5


def test_the_small_demo_counts_as_demo_data(db):
    call_command("seed_demo", stdout=StringIO())
    seed(3)
    assert Patient.objects.filter(is_demo()).count() == 3


def test_caseload_and_episode_pages_work_on_seeded_data(db, client):
    seed(30)
    busy = Patient.objects.filter(primary_therapist__username=busy_username(0)).first().primary_therapist
    client.force_login(busy)
    page = client.get(reverse("plans:dashboard"))
    assert page.status_code == 200
    open_episode = Episode.objects.filter(patient__primary_therapist=busy, status=Episode.Status.OPEN).first()
    assert open_episode.patient.family_name in page.content.decode()
    episode = Episode.objects.filter(patient__primary_therapist=busy, visits__isnull=False).first()
    page = client.get(reverse("patients:episode_detail", args=[episode.code]))
    assert page.status_code == 200
    visit = episode.visits.first()
    assert client.get(reverse("plans:visit_detail", args=[visit.code])).status_code == 200
    assert client.get(reverse("plans:visit_history", args=[visit.code])).status_code == 200
