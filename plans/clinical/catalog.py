"""The clinical catalogue the suggestion engine reads: causes, exercises and education items.

Plain frozen dataclasses so the same ``Catalog`` can come from the JSON seed files in
``plans/data`` (``load_catalog_json``) or from database rows built by the Django layer.

Evidence keys (``CauseRule.supporting`` / ``CauseRule.against``) are finding codes plus keys the
engine derives from the assessment: ``mechanism:<value>``, ``onset:<value>``, ``region:<value>``,
``distribution:<value>``, ``stage:<value>``, ``age:under_40``, ``age:50_plus``, ``age:65_plus``,
``bmi:30_plus``, ``recurrent`` and ``startback:high``. Weights are 0..1.

Dose convention for ``ExerciseSpec.dose`` (one rule for every kind):
- ``reps`` set, ``hold_seconds`` null: ``sets`` x ``reps`` repetitions.
- ``reps`` set, ``hold_seconds`` set: each repetition is held for ``hold_seconds``.
- ``reps`` null, ``hold_seconds`` set: each set is one continuous hold or bout of ``hold_seconds``;
  aerobic bouts use ``sets=1`` and e.g. ``hold_seconds=600`` for 10 minutes, balance uses
  e.g. 3 sets of a 30-second stand.
``times_per_day`` and ``days_per_week`` give the frequency (directional-preference movements 6 times a
day, i.e. every 2-3 waking hours; strengthening at least 2 days a week).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from plans.clinical.contract import DoseDict
from plans.clinical.dose import Dose

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class CauseRule:
    code: str  # CauseCode value
    name: str
    description: str  # plain words for patients
    supporting: tuple[tuple[str, float], ...]  # (evidence key, weight) pairs, sorted by key
    against: tuple[tuple[str, float], ...]
    contraindicated: frozenset[str]  # ExerciseProperty values never planned while this cause is top three
    preferred_kinds: tuple[str, ...]  # ExerciseKind values, highest priority first
    education: tuple[str, ...]  # EducationSpec slugs
    precautions: str  # for the therapist
    referral_note: str  # for the therapist


@dataclass(frozen=True)
class ExerciseSpec:
    slug: str
    name: str
    kind: str  # ExerciseKind value
    instructions: str  # numbered steps for the patient
    cues: str  # for the therapist
    if_it_hurts: str  # for the patient
    dose: Dose
    loaded_spinal_flexion: bool
    properties: frozenset[str]  # ExerciseProperty values
    stages: frozenset[str]  # Stage values it suits
    level: int  # 1 easy, 2 moderate, 3 hard
    easier: str | None  # slug of the easier variant
    harder: str | None  # slug of the harder variant
    precautions: str
    media_note: str  # source and licence of text and media
    approved: bool  # only approved exercises are suggested
    target_region: str = "general"  # TargetRegion value


@dataclass(frozen=True)
class EducationSpec:
    slug: str
    title: str
    category: str  # EducationCategory value
    summary: str  # one sentence
    body: str


@dataclass(frozen=True)
class Catalog:
    causes: tuple[CauseRule, ...]
    exercises: tuple[ExerciseSpec, ...]
    education: tuple[EducationSpec, ...]

    def cause(self, code: str) -> CauseRule | None:
        return next((c for c in self.causes if c.code == code), None)

    def exercise(self, slug: str) -> ExerciseSpec | None:
        return next((e for e in self.exercises if e.slug == slug), None)

    def education_item(self, slug: str) -> EducationSpec | None:
        return next((e for e in self.education if e.slug == slug), None)


class CauseRow(TypedDict):
    """One entry of causes.json."""

    code: str
    name: str
    description: str
    supporting: dict[str, float]
    against: dict[str, float]
    contraindicated: list[str]
    preferred_kinds: list[str]
    education: list[str]
    precautions: str
    referral_note: str


class ExerciseRow(DoseDict):
    """One entry of exercises.json."""

    slug: str
    name: str
    kind: str
    instructions: str
    cues: str
    if_it_hurts: str
    loaded_spinal_flexion: bool
    properties: list[str]
    stages: list[str]
    level: int
    easier: str | None
    harder: str | None
    precautions: str
    media_note: str
    approved: bool
    target_region: str


class EducationRow(TypedDict):
    """One entry of education.json."""

    slug: str
    title: str
    category: str
    summary: str
    body: str


def cause_from_dict(d: CauseRow) -> CauseRule:
    return CauseRule(
        code=d["code"],
        name=d["name"],
        description=d["description"],
        supporting=tuple(sorted((k, float(w)) for k, w in d["supporting"].items())),
        against=tuple(sorted((k, float(w)) for k, w in d["against"].items())),
        contraindicated=frozenset(d["contraindicated"]),
        preferred_kinds=tuple(d["preferred_kinds"]),
        education=tuple(d["education"]),
        precautions=d["precautions"],
        referral_note=d["referral_note"],
    )


def exercise_from_dict(d: ExerciseRow) -> ExerciseSpec:
    return ExerciseSpec(
        slug=d["slug"],
        name=d["name"],
        kind=d["kind"],
        instructions=d["instructions"],
        cues=d["cues"],
        if_it_hurts=d["if_it_hurts"],
        dose=Dose(
            sets=int(d["sets"]),
            reps=d["reps"],
            hold_seconds=d["hold_seconds"],
            times_per_day=int(d["times_per_day"]),
            days_per_week=int(d["days_per_week"]),
        ),
        loaded_spinal_flexion=bool(d["loaded_spinal_flexion"]),
        properties=frozenset(d["properties"]),
        stages=frozenset(d["stages"]),
        level=int(d["level"]),
        easier=d["easier"],
        harder=d["harder"],
        precautions=d["precautions"],
        media_note=d["media_note"],
        approved=bool(d["approved"]),
        target_region=d.get("target_region", "general"),
    )


def education_from_dict(d: EducationRow) -> EducationSpec:
    return EducationSpec(
        slug=d["slug"], title=d["title"], category=d["category"], summary=d["summary"], body=d["body"]
    )


def load_catalog_json(directory: Path | None = None) -> Catalog:
    """Read causes.json, exercises.json and education.json (each a JSON list) from ``directory``."""
    directory = DATA_DIR if directory is None else Path(directory)

    causes: list[CauseRow] = json.loads((directory / "causes.json").read_text(encoding="utf-8"))
    exercises: list[ExerciseRow] = json.loads((directory / "exercises.json").read_text(encoding="utf-8"))
    education: list[EducationRow] = json.loads((directory / "education.json").read_text(encoding="utf-8"))
    return Catalog(
        causes=tuple(sorted((cause_from_dict(d) for d in causes), key=lambda c: c.code)),
        exercises=tuple(sorted((exercise_from_dict(d) for d in exercises), key=lambda e: e.slug)),
        education=tuple(sorted((education_from_dict(d) for d in education), key=lambda e: e.slug)),
    )
