"""``seed_demo --patients N``: N demo patients of one seed, written in batches by COPY.

Patient ``i`` of seed ``s`` comes from its own generator (``random.Random("s:i")``), so a run makes
only the patients of ``range(N)`` that are missing: running again with the same N and seed changes
nothing, and a larger N adds the rest; and the batches may be made in any order, by several processes
(``MAKERS``). Every row is written with its history row, naming the therapist and the moment it was
recorded (the amendment pages, the edit-conflict check and the portal-access list read the history),
by COPY (``plans.demo.copy``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.db import connection, connections, transaction
from django.db.models import Model, Q
from django.utils import timezone

from clinic import dates
from patients.models import Episode, Patient
from plans.clinical.catalog import Catalog
from plans.demo import names
from plans.demo.care import ClinicContext, Rows
from plans.demo.copy import insert, insert_links
from plans.demo.notes import signed_notes
from plans.demo.people import demo_clinics, patient_rows, record_number
from plans.models import (
    Assessment,
    AssessmentFinding,
    ClinicalNote,
    EducationItem,
    Exercise,
    HomeLog,
    Plan,
    PlanEducation,
    PlanExercise,
    PlanGoal,
    PlanVersion,
    Prompt,
    Referral,
    Visit,
    VisitFinding,
)
from plans.selectors.caseload_state import drifted
from plans.selectors.library import load_catalog
from plans.services.caseload_state import caseload_state_refresh

PATIENTS_PER_BATCH = 250
# Processes that make and write the batches: making a batch is Python's work and writing it
# PostgreSQL's, so on 2 cores two makers keep both busy.
MAKERS = 2
MODELS = {
    "patients": Patient,
    "episodes": Episode,
    "assessments": Assessment,
    "assessment_findings": AssessmentFinding,
    "plans": Plan,
    "versions": PlanVersion,
    "plan_exercises": PlanExercise,
    "plan_education": PlanEducation,
    "plan_goals": PlanGoal,
    "visits": Visit,
    "visit_findings": VisitFinding,
    "prompts": Prompt,
    "referrals": Referral,
    "home_logs": HomeLog,
    "clinical_notes": ClinicalNote,
}


class NotDemoData(Exception):
    """The database holds patients that no demo made; nothing was written."""


@dataclass(frozen=True)
class Demo:
    seed: int
    today: date
    catalog: Catalog
    ids: dict[str, dict[str, int]]  # library slugs to primary keys, per table
    clinics: list[ClinicContext]


def is_demo() -> Q:
    """Patients of the demo clinics of any seed."""
    return Q(clinic__name__contains=names.DEMO_MARK)


def non_demo_patients(also_demo: Q = Q(pk__in=[])):  # noqa: B008 - an empty filter, never changed
    return Patient.objects.exclude(is_demo()).exclude(also_demo)


def seed_patients(
    *,
    patients: int,
    seed: int,
    password_hash: str,
    force: bool = False,
    also_demo: Q = Q(pk__in=[]),  # noqa: B008
    progress: Callable[[int, int], object] = lambda done, total: None,
    batch_size: int = PATIENTS_PER_BATCH,
) -> dict[str, int]:
    """Make the missing patients of ``range(patients)`` for ``seed``; the rows written, per table.
    Refused (``NotDemoData``) when other patients are in the database, unless ``force``."""
    if not force and (others := non_demo_patients(also_demo).count()):
        raise NotDemoData(
            f"The database holds {others} patient(s) that are not demo data. Demo data goes in a "
            "database of its own; use --force to add it anyway."
        )
    with transaction.atomic():
        demo = Demo(
            seed=seed,
            today=dates.today(),
            catalog=load_catalog(),
            ids={
                "exercise": dict(Exercise.objects.values_list("slug", "pk")),
                "education": dict(EducationItem.objects.values_list("slug", "pk")),
            },
            clinics=demo_clinics(seed, password_hash),
        )
    made = set(
        Patient.objects.filter(clinic__in=[c.clinic for c in demo.clinics]).values_list(
            "record_number", flat=True
        )
    )
    todo = [i for i in range(patients) if record_number(seed, i) not in made]
    written = dict.fromkeys([*MODELS, "home_log_exercises"], 0)
    done = patients - len(todo)
    progress(done, patients)
    batches = list(_batches(todo, batch_size))
    # Forked makers must not inherit a connection pool's sockets and threads: with a pool, in line.
    in_processes = not connection.in_atomic_block and not connection.settings_dict["OPTIONS"].get("pool")
    for batch, counts in _seeded(demo, batches, in_processes=in_processes):
        for name, count in counts.items():
            written[name] += count
        done += len(batch)
        progress(done, patients)
    episodes = Episode.objects.filter(patient__clinic__in=[c.clinic for c in demo.clinics])
    if todo:
        _analyze(MODELS.values())
        # COPY leaves the caseload state at its defaults: one UPDATE fills it for every demo episode.
        caseload_state_refresh(episode_ids=episodes.values_list("pk", flat=True))
        _analyze([Episode])
    elif behind := drifted(episodes.values_list("pk", flat=True)):
        caseload_state_refresh(episode_ids=behind)  # a run stopped after its batches, before the refresh
    return written


def _seed_batch(demo: Demo, batch: list[int]) -> dict[str, int]:
    """Make and write the patients of ``batch`` in one transaction; the rows written, per table."""
    rows = Rows()
    for index in batch:
        patient_rows(demo, index, rows)
    signed_notes(rows, demo.today)
    with transaction.atomic():
        _insert(rows)
    return {name: len(getattr(rows, name)) for name in (*MODELS, "home_log_exercises")}


_maker_demo: Demo | None = None


def _maker_start(demo: Demo) -> None:
    global _maker_demo
    _maker_demo = demo


def _maker_seed_batch(batch: list[int]) -> dict[str, int]:
    assert _maker_demo is not None, "a maker process starts with the demo"
    try:
        return _seed_batch(_maker_demo, batch)
    finally:
        connections.close_all()


def _seeded(
    demo: Demo, batches: list[list[int]], *, in_processes: bool
) -> Iterator[tuple[list[int], dict[str, int]]]:
    """Each batch, written, with its counts, in order. In ``MAKERS`` processes, each batch on a
    connection of its own, so that one maker makes rows while PostgreSQL writes the other's; in line
    (on the caller's connection and inside its transaction) otherwise. A patient's rows depend only on
    the seed and its index, so both ways write the same data. When the caller stops early, the batches
    not yet started are cancelled."""
    if not in_processes or len(batches) < 2:
        for batch in batches:
            yield batch, _seed_batch(demo, batch)
        return
    # The makers are forked, so the demo's catalog and clinics reach them without pickling; none may
    # inherit this process's connection.
    connections.close_all()
    with ProcessPoolExecutor(
        max_workers=MAKERS,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_maker_start,
        initargs=(demo,),
    ) as makers:
        try:
            yield from zip(batches, makers.map(_maker_seed_batch, batches), strict=True)
        finally:
            makers.shutdown(cancel_futures=True)


def _analyze(models: Iterable[type[Model]]) -> None:
    """Fresh planner statistics for the tables just filled: until autovacuum gets to them, PostgreSQL
    plans with the sizes it last saw and picks nested loops over thousands of rows (a caseload of
    20 s instead of 1 s at 5,000 patients)."""
    models = list(models)
    tables = {model._meta.db_table for model in models}
    tables |= {model.history.model._meta.db_table for model in models if hasattr(model, "history")}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables)))


def _batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(rows: Rows) -> None:
    """Every table in the order of its foreign keys; the parents' new keys reach their children."""
    now = timezone.now()
    for name, model in MODELS.items():
        insert(model, getattr(rows, name), now=now)
    insert_links(
        HomeLog.exercises.through,
        [(log.pk, item.pk) for log, item in rows.home_log_exercises],
        ("homelog", "planexercise"),
    )
