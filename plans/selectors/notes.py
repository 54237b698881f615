"""Reads for clinical notes: the facts a note is drafted from, the note of a visit, an assessment or
an episode's discharge (saved, or a fresh draft), and an episode's notes."""

from __future__ import annotations

from patients.models import Episode
from plans.clinical.notes import (
    EvaluationFacts,
    MeasureChange,
    PlanLine,
    PromptLine,
    Soap,
    VisitFacts,
    draft_daily_note,
    draft_evaluation_note,
)
from plans.clinical.objective_words import measures_paragraph
from plans.models import Assessment, ClinicalNote, NoteKind, PlanVersion, Visit
from plans.render.diff import diff_versions
from plans.selectors.home_logs import home_summary
from plans.selectors.library import progress_thresholds
from plans.selectors.visits import treatment_of

# Each judged measure: its label, the baseline's field and the record's field, and its MCID's name.
_MEASURES = (
    ("nprs", "Pain (NPRS)", "nprs_current", "nprs", "nprs_mcid"),
    ("odi", "Disability (ODI %)", "odi_percent", "odi_percent", "odi_mcid"),
    ("rmdq", "Disability (RMDQ)", "rmdq_total", "rmdq_total", "rmdq_mcid"),
    ("psfs", "Function (PSFS mean)", "psfs_mean", "psfs_mean", "psfs_mcid"),
)


def _measure_changes(judgement: dict, baseline: Assessment | None, record, thresholds) -> tuple:
    changes = []
    for key, label, baseline_field, record_field, mcid in _MEASURES:
        if key in judgement:
            changes.append(
                MeasureChange(
                    label,
                    getattr(baseline, baseline_field) if baseline else None,
                    getattr(record, record_field),
                    judgement[key].get("change"),
                    judgement[key].get("status", ""),
                    getattr(thresholds, mcid, None),
                )
            )
    return tuple(changes)


def _plan_line(version: PlanVersion | None) -> PlanLine | None:
    if version is None:
        return None
    previous = (
        PlanVersion.objects.filter(plan=version.plan_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    changes = diff_versions(previous, version) if previous else []
    return PlanLine(
        version.number,
        version.approved_on,
        tuple(f"{c.section} {c.kind}: {c.item}" for c in changes),
    )


def _home_words(adherence) -> str:
    if adherence is None:
        return ""
    if not adherence.was_logged:
        return "no sessions logged"
    if adherence.percent is None:
        return f"{adherence.done} exercise sessions logged"
    return f"{adherence.percent}% of {adherence.prescribed} prescribed sessions done"


def _measures_words(record: Visit | Assessment) -> str:
    measures = getattr(record, "objective", None)
    return measures_paragraph(measures.values()) if measures else ""


def visit_facts(visit: Visit) -> VisitFacts:
    thresholds = progress_thresholds(visit.episode.patient.clinic)
    exercises = []
    for row in visit.exercises.select_related("exercise"):
        dose = " x ".join(str(n) for n in (row.sets, row.reps) if n)
        if row.hold_seconds:
            dose += f", hold {row.hold_seconds} s"
        exercises.append(f"{row.exercise.name}: {dose}" if dose else row.exercise.name)
    prompts = tuple(
        PromptLine(p.get_kind_display(), p.message, p.get_status_display(), p.dismissal_reason)
        for p in visit.prompts.all()
    )
    treatment = treatment_of(visit)
    return VisitFacts(
        visit_date=visit.visit_date,
        nprs=visit.nprs,
        patient_rating=visit.get_patient_rating_display(),
        adherence_percent=visit.adherence_percent,
        home_sessions=_home_words(home_summary(visit.episode, visit.visit_date)["home_adherence"]),
        findings=tuple(f.get_code_display() for f in visit.findings.all()),
        exercises=tuple(exercises),
        measures=_measure_changes(visit.judgement or {}, visit.baseline, visit, thresholds),
        status=visit.get_status_display(),
        prompts=prompts,
        plan=_plan_line(visit.plan_version),
        therapist_note=visit.note,
        next_visit=visit.next_visit_date,
        objective_measures=_measures_words(visit),
        treatment=tuple(f"{row.intervention_type} {row.minutes} min" for row in treatment["interventions"]),
        treatment_minutes=treatment["treatment_minutes"],
    )


def evaluation_facts(assessment: Assessment) -> EvaluationFacts:
    suggestion = assessment.suggestion or {}
    referral = assessment.referrals.first()
    scores = []
    if assessment.odi_percent is not None:
        scores.append(f"ODI {assessment.odi_percent}% ({assessment.get_odi_band_display() or 'no band'})")
    if assessment.startback_risk:
        scores.append(f"STarT Back: {assessment.get_startback_risk_display()} risk")
    if assessment.rmdq_total is not None:
        scores.append(f"RMDQ {assessment.rmdq_total}/24")
    if assessment.psfs_mean is not None:
        scores.append(f"PSFS mean {assessment.psfs_mean}")
    version = PlanVersion.objects.current_for(assessment.episode, on=assessment.assessed_on)
    return EvaluationFacts(
        kind=assessment.get_kind_display(),
        assessed_on=assessment.assessed_on,
        history=(
            f"Region: {assessment.get_region_display()}",
            f"Onset: {assessment.get_onset_display()}, {assessment.duration_days} days before this "
            "evaluation",
            f"Mechanism: {assessment.get_mechanism_display()}",
            f"Pain distribution: {assessment.get_pain_distribution_display()}",
            "Recurrent episode" if assessment.recurrent else "First episode",
        ),
        nprs_now=assessment.nprs_current,
        nprs_best=assessment.nprs_best,
        nprs_worst=assessment.nprs_worst,
        scores=tuple(scores),
        findings=tuple(f.get_code_display() for f in assessment.findings.all()),
        stage=assessment.get_stage_display(),
        triage=assessment.get_triage_level_display(),
        referral=(
            f"Referred to {referral.referred_to} ({referral.get_urgency_display().lower()})."
            if referral
            else ""
        ),
        causes=tuple(cause["name"] for cause in suggestion.get("causes") or ()),
        plan=_plan_line(version),
        therapist_note=assessment.notes,
        goals=tuple(str(goal) for goal in version.goals.all()) if version else (),
        objective_measures=_measures_words(assessment),
    )


NoteRecord = Visit | Assessment | Episode  # what a note documents: an episode for its discharge note


def note_kind_for(record: NoteRecord) -> str:
    if isinstance(record, Episode):
        return NoteKind.DISCHARGE
    if isinstance(record, Visit):
        return NoteKind.DAILY
    return NoteKind.INITIAL_EVALUATION if record.kind == Assessment.Kind.INITIAL else NoteKind.PROGRESS


def draft_for(record: NoteRecord) -> Soap:
    if isinstance(record, Episode):
        from plans.selectors.discharge_note import discharge_draft  # it reads this module's helpers

        return discharge_draft(record)
    if isinstance(record, Visit):
        return draft_daily_note(visit_facts(record))
    return draft_evaluation_note(evaluation_facts(record))


def note_of(record: NoteRecord) -> ClinicalNote | None:
    """The saved note of a visit, an assessment or an episode's discharge, if any."""
    notes = record.notes if isinstance(record, Episode) else record.clinical_notes
    return notes.filter(kind=note_kind_for(record)).select_related("written_by", "signed_by").first()


def episode_notes(episode) -> list[ClinicalNote]:
    return list(
        episode.notes.select_related("visit", "evaluation", "written_by", "signed_by").order_by("created_at")
    )
