"""A test catalogue built from the library v2 manifest (the issue 12 brief), so the plan-rule tests do
not depend on exercises.json while the library is rewritten: the v1 file's entries with the manifest's
kinds, levels, properties, regions and stages, plus the new slugs; controlled cause rules."""

from __future__ import annotations

from dataclasses import replace

from plans.clinical.catalog import Catalog, CauseRule, EducationSpec, ExerciseSpec, load_catalog_json
from plans.clinical.dose import Dose

ALL = ("acute", "subacute", "chronic")
SUB = ("subacute", "chronic")
CHRONIC = ("chronic",)

FLEXION = {
    "pelvic-tilt",
    "knee-to-chest",
    "double-knee-to-chest",
    "seated-forward-bend",
    "flexion-in-lying",
    "flexion-in-sitting",
}
PRONE = {
    "prone-lying",
    "prone-on-elbows",
    "prone-press-up",
    "prone-head-lift",
    "prone-superman",
    "front-plank",
    "front-plank-knees",
}
SUPINE = {
    "glute-bridge",
    "bridge-march",
    "single-leg-bridge",
    "dead-bug",
    "supine-march",
    "pelvic-tilt",
    "knee-to-chest",
    "double-knee-to-chest",
    "flexion-in-lying",
    "hamstring-stretch-strap",
    "supine-nerve-glide",
    "lower-trunk-rotation",
    "crunch",
    "sit-up",
}
UNSUPPORTED = {"single-leg-stance", "tandem-stance", "tandem-walk", "single-leg-reach"}
NON_WEIGHT_BEARING = {"stationary-cycling", "water-walking"}
CERVICAL = {"chin-tuck"}
THORACIC = {
    "wall-angel",
    "shoulder-blade-squeeze",
    "thoracic-extension-towel",
    "thoracic-extension-roller",
    "band-row",
    "open-book-rotation",
    "rib-glide-breathing",
}
GENERAL = {
    "walking-program",
    "brisk-walking",
    "stationary-cycling",
    "water-walking",
    "jogging",
    "elliptical-trainer",
    "box-breathing",
    "diaphragmatic-breathing",
    "guided-body-scan",
    "progressive-muscle-relaxation",
    "sit-to-stand",
    "desk-movement-break",
}
NOT_APPROVED = {"sit-up", "crunch"}

# slug: (kind, level, properties, target_region, stages, (sets, reps, hold, times, days))
NEW: dict[
    str, tuple[str, int, tuple[str, ...], str, tuple[str, ...], tuple[int, int | None, int | None, int, int]]
] = {
    "mcgill-curl-up": ("stabilization", 2, ("supine",), "lumbar", SUB, (2, 6, 8, 1, 7)),
    "graded-activity-plan": ("graded_activity", 1, (), "general", ALL, (1, None, None, 1, 7)),
    "graded-exposure-plan": ("graded_activity", 1, (), "general", SUB, (1, None, None, 1, 7)),
    "flexion-in-standing": (
        "directional_preference",
        2,
        ("spinal_flexion",),
        "lumbar",
        ALL,
        (1, 10, None, 6, 7),
    ),
    "positions-of-ease": ("relaxation", 1, (), "general", ALL, (1, None, 300, 2, 7)),
    "interval-walking": ("aerobic", 1, (), "general", ALL, (2, None, 300, 1, 5)),
    "back-extensor-isometrics": ("strengthening", 1, (), "thoracic", ALL, (2, 5, 5, 1, 5)),
    "slump-slider": ("nerve_mobility", 2, ("spinal_flexion",), "lumbar", SUB, (2, 10, None, 2, 7)),
    "seated-thoracic-rotation": ("mobility", 1, ("rotation",), "thoracic", ALL, (2, 10, None, 2, 7)),
    "pelvic-floor-transversus": ("stabilization", 1, (), "lumbar", ALL, (2, 10, 5, 2, 7)),
    "side-lying-leg-lift": ("stabilization", 1, (), "lumbar", ALL, (2, 10, None, 1, 5)),
    "standing-pelvic-stability": ("stabilization", 1, (), "lumbar", ALL, (2, 10, None, 1, 5)),
    "standing-hip-abduction": ("strengthening", 1, (), "lumbar", ALL, (2, 10, None, 1, 5)),
    "seated-march": ("stabilization", 1, (), "lumbar", ALL, (2, 10, None, 1, 7)),
    "step-up": ("strengthening", 2, (), "general", SUB, (2, 10, None, 1, 3)),
    "wall-push-up": ("strengthening", 1, (), "general", ALL, (2, 10, None, 1, 3)),
    "farmer-carry": ("strengthening", 2, (), "general", SUB, (3, None, 30, 1, 3)),
    "suitcase-carry": ("strengthening", 3, (), "general", CHRONIC, (3, None, 30, 1, 3)),
    "wall-sit": ("strengthening", 2, (), "lumbar", SUB, (3, None, 30, 1, 3)),
    "heel-slide": ("stabilization", 1, ("supine",), "lumbar", ALL, (2, 10, None, 1, 7)),
    "dead-bug-arms": ("stabilization", 1, ("supine",), "lumbar", ALL, (2, 8, None, 1, 7)),
    "supported-tandem-stance": ("balance", 1, (), "general", ALL, (3, None, 30, 1, 7)),
    "supported-weight-shift": ("balance", 1, (), "general", ALL, (2, 10, None, 1, 7)),
    "quadruped-rock-back": ("mobility", 1, ("spinal_flexion",), "lumbar", ALL, (2, 10, None, 2, 7)),
    "femoral-nerve-tensioner": ("nerve_mobility", 3, (), "lumbar", CHRONIC, (2, 8, None, 1, 7)),
    "seated-hamstring-stretch": ("mobility", 1, (), "lumbar", ALL, (2, 3, 30, 1, 7)),
}


def _manifest(ex: ExerciseSpec) -> ExerciseSpec:
    props = set(ex.properties)
    slug = ex.slug
    if slug in FLEXION:
        props.add("spinal_flexion")
    if slug == "side-glide-at-wall":
        props.add("lateral_glide")
    for group, prop in (
        (PRONE, "prone"),
        (SUPINE, "supine"),
        (UNSUPPORTED, "unsupported_balance"),
        (NON_WEIGHT_BEARING, "non_weight_bearing"),
    ):
        if slug in group:
            props.add(prop)
    region = (
        "cervical"
        if slug in CERVICAL
        else "thoracic"
        if slug in THORACIC
        else "general"
        if slug in GENERAL
        else "lumbar"
    )
    spec = replace(ex, properties=frozenset(props), target_region=region)
    if slug in NOT_APPROVED:
        spec = replace(spec, approved=False)
    if slug == "femoral-nerve-slider":
        spec = replace(spec, level=1, stages=frozenset(ALL))
    if slug == "supine-nerve-glide":
        spec = replace(spec, level=1, stages=frozenset(ALL))
    return spec


def _new(slug: str) -> ExerciseSpec:
    kind, level, props, region, stages, (sets, reps, hold, times, days) = NEW[slug]
    return ExerciseSpec(
        slug=slug,
        name=slug.replace("-", " ").capitalize(),
        kind=kind,
        instructions="1. Test step.",
        cues="",
        if_it_hurts="Stop.",
        dose=Dose(sets, reps, hold, times, days),
        loaded_spinal_flexion=False,
        properties=frozenset(props),
        stages=frozenset(stages),
        level=level,
        easier="dead-bug-arms" if slug == "dead-bug" else None,
        harder=None,
        precautions="",
        media_note="test",
        approved=True,
        target_region=region,
    )


def _cause(
    code: str, contraindicated: tuple[str, ...], kinds: tuple[str, ...], education: tuple[str, ...] = ()
) -> CauseRule:
    return CauseRule(
        code=code,
        name=code.replace("_", " ").capitalize(),
        description="",
        supporting=(),
        against=(),
        contraindicated=frozenset(contraindicated),
        preferred_kinds=kinds,
        education=education,
        precautions="",
        referral_note="",
    )


CAUSES = (
    _cause(
        "herniated_disc",
        ("loaded_spinal_flexion", "spinal_flexion"),
        ("directional_preference", "stabilization", "aerobic"),
    ),
    _cause(
        "central_canal_stenosis",
        ("loaded_spinal_flexion", "spinal_extension"),
        ("aerobic", "mobility", "strengthening"),
    ),
    _cause("foraminal_stenosis", ("loaded_spinal_flexion", "spinal_extension"), ("mobility", "aerobic")),
    _cause(
        "muscle_strain_sprain", (), ("mobility", "stabilization", "aerobic", "strengthening", "relaxation")
    ),
    _cause("nonspecific_mechanical", (), ("mobility", "stabilization", "aerobic", "strengthening")),
    _cause(
        "vertebral_fracture",
        ("high_impact", "loaded_spinal_flexion", "rotation", "spinal_flexion"),
        ("posture", "balance", "strengthening"),
    ),
    _cause("sacroiliac_pelvic_girdle", (), ("stabilization", "strengthening")),
    _cause("thoracic_radiculopathy", ("loaded_spinal_flexion",), ("mobility", "posture", "stabilization")),
    _cause("poor_posture", (), ("posture", "mobility", "stabilization")),
    _cause("spondylolysis", ("spinal_extension", "high_impact"), ("stabilization", "mobility")),
    _cause("deconditioning", (), ("aerobic", "strengthening", "stabilization", "balance")),
    _cause("obesity_load", ("high_impact",), ("aerobic", "strengthening")),
)
EXTRA_EDUCATION = (
    "pelvic-girdle-pain",
    "flare-up-plan",
    "understanding-pain",
    "stay-active",
    "when-to-seek-help",
)


def manifest_catalog() -> Catalog:
    real = load_catalog_json()
    exercises = {e.slug: _manifest(e) for e in real.exercises}
    for slug in NEW:
        if slug not in exercises:
            exercises[slug] = _new(slug)
        else:
            kind, level, props, region, stages, _ = NEW[slug]
            exercises[slug] = replace(
                exercises[slug],
                kind=kind,
                level=level,
                properties=frozenset(props),
                target_region=region,
                stages=frozenset(stages),
                approved=True,
            )
    education = {e.slug: e for e in real.education}
    for slug in EXTRA_EDUCATION:
        education.setdefault(
            slug, EducationSpec(slug, slug.replace("-", " ").capitalize(), "education", "", "")
        )
    return Catalog(
        causes=CAUSES,
        exercises=tuple(sorted(exercises.values(), key=lambda e: e.slug)),
        education=tuple(sorted(education.values(), key=lambda e: e.slug)),
    )
