"""The database side of the clinical engine: the library as a ``Catalog``, and a clinic's thresholds.

``read_catalog`` reads the whole library in a fixed number of queries (one per table, however
large the library grows); the engine then decides in plain Python. ``load_catalog`` keeps what it read
in the process, with the library's stamp it read first, and reads again only when the stored stamp
has changed (one query a call): any change to the library, in any process, changes the stamp in the
change's own transaction (``plans.services.library_stamp``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from uuid import UUID

from django.db.models import Prefetch

from clinic.models import Clinic
from plans.clinical.catalog import Catalog, CauseRule, EducationSpec, ExerciseSpec
from plans.clinical.dose import Dose
from plans.clinical.progress import ProgressThresholds
from plans.clinical.scoring import StageThresholds
from plans.models import Cause, CauseEducation, CauseEvidence, EducationItem, Exercise, LibraryStamp

# This process's library and the stamp it was read under; the Catalog is frozen, so callers share it.
_memo: tuple[UUID | None, Catalog] | None = None


def load_catalog() -> Catalog:
    """The library, read again only when it changed since this process last read it."""
    global _memo
    # The stamp before the rows: a change committed in between leaves an old stamp with new rows,
    # which the next call reads again, never a new stamp with old rows.
    token = LibraryStamp.objects.values_list("token", flat=True).first()
    if _memo is not None and _memo[0] == token:
        return _memo[1]
    catalog = read_catalog()
    _memo = (token, catalog)
    return catalog


def forget_catalog() -> None:
    """Drop this process's memo (as a new process starts without one)."""
    global _memo
    _memo = None


def read_catalog() -> Catalog:
    education = tuple(
        EducationSpec(slug=e.slug, title=e.title, category=e.category, summary=e.summary, body=e.body)
        for e in EducationItem.objects.order_by("slug")
    )
    exercises = []
    rows = list(Exercise.objects.order_by("slug"))
    slug_by_id = {row.pk: row.slug for row in rows}
    harder_by_easier = {row.easier_id: row.slug for row in rows if row.easier_id}
    for row in rows:
        exercises.append(
            ExerciseSpec(
                slug=row.slug,
                name=row.name,
                kind=row.kind,
                instructions=row.instructions,
                cues=row.cues,
                if_it_hurts=row.if_it_hurts,
                dose=Dose.of(row),
                loaded_spinal_flexion=row.loaded_spinal_flexion,
                properties=frozenset(str(p) for p in row.properties),
                stages=frozenset(str(s) for s in row.stages),
                level=row.level,
                easier=slug_by_id.get(row.easier_id) if row.easier_id else None,
                harder=harder_by_easier.get(row.pk),
                precautions=row.precautions,
                media_note=row.media_note,
                approved=row.approved,
                target_region=row.target_region,
            )
        )
    causes = []
    for cause in Cause.objects.order_by("code").prefetch_related(
        "evidence",
        "contraindications",
        "preferred_kinds",
        Prefetch("education_links", queryset=CauseEducation.objects.select_related("item")),
    ):
        weights: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for evidence in cause.evidence.all():
            weights[evidence.direction].append((evidence.key, float(evidence.weight)))
        causes.append(
            CauseRule(
                code=cause.code,
                name=cause.name,
                description=cause.description,
                supporting=tuple(sorted(weights[CauseEvidence.Direction.SUPPORTS])),
                against=tuple(sorted(weights[CauseEvidence.Direction.AGAINST])),
                contraindicated=frozenset(c.exercise_property for c in cause.contraindications.all()),
                preferred_kinds=tuple(k.kind for k in cause.preferred_kinds.all()),
                education=tuple(link.item.slug for link in cause.education_links.all()),
                precautions=cause.precautions,
                referral_note=cause.referral_note,
            )
        )
    return Catalog(causes=tuple(causes), exercises=tuple(exercises), education=education)


def stage_thresholds(clinic: Clinic | None) -> StageThresholds:
    if clinic is None:
        return StageThresholds()
    return StageThresholds(
        subacute_from_days=clinic.subacute_from_days, chronic_from_days=clinic.chronic_from_days
    )


def progress_thresholds(clinic: Clinic | None) -> ProgressThresholds:
    if clinic is None:
        return ProgressThresholds()
    return ProgressThresholds(
        nprs_mcid=Decimal(clinic.nprs_mcid),
        odi_mcid=Decimal(clinic.odi_mcid),
        relative_improvement_percent=Decimal(clinic.relative_improvement_percent),
        plateau_window_days=clinic.plateau_window_days,
        plateau_days=clinic.plateau_days,
        reevaluation_days=clinic.reevaluation_days,
        reevaluation_visit_count=clinic.reevaluation_visit_count,
    )
