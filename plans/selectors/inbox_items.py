"""The inbox's items: what each kind is called and where it sorts, and the item made from each kind
of row (an assessment's or a visit's red flag, another prompt, a flare, a questionnaire, a baseline
due a re-evaluation); unsigned notes make theirs in ``plans.selectors.unsigned_notes``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from clinic import dates
from patients.models import Episode
from plans.clinical.reevaluation import reevaluation_due_on
from plans.clinical.vocabulary import TRIAGE_SEVERITY, PromptKind, TriageLevel
from plans.models import Assessment, HomeLog, Prompt, QuestionnaireRequest

UNSIGNED_NOTE = "unsigned_note"
# What an item reads through its row's episode (``select_related``): whose patient, which clinic.
ITEM_RELATED = ("episode__patient__clinic", "episode__patient__primary_therapist")
FLARE = "flare"
QUESTIONNAIRE = "questionnaire"

# After the red flags (most severe first): the order of everything else in the list.
KIND_ORDER = {
    PromptKind.RED_FLAG: 0,
    PromptKind.REGRESSION: 1,
    PromptKind.RELAPSE: 2,
    FLARE: 3,
    QUESTIONNAIRE: 4,
    PromptKind.REEVALUATION_DUE: 5,
    PromptKind.PLATEAU: 6,
    PromptKind.GOAL_MET: 7,
    UNSIGNED_NOTE: 8,
}
KIND_LABELS = {
    **dict(PromptKind.choices),
    FLARE: "Pain flare at home",
    QUESTIONNAIRE: "Questionnaire answered",
    UNSIGNED_NOTE: "Unsigned note",
}


@dataclass(frozen=True)
class Item:
    kind: str  # a PromptKind value, FLARE or QUESTIONNAIRE
    level: str  # the triage level of a red flag, else ""
    episode: Episode
    when: datetime
    what: str
    action_label: str
    action_url: str
    source: object
    acknowledge_url: str = ""  # the "I've seen this" POST, for flares and questionnaires
    note: str = ""

    @property
    def is_red_flag(self) -> bool:
        return self.kind == PromptKind.RED_FLAG

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def level_label(self) -> str:
        return TriageLevel(self.level).label if self.level else ""

    @property
    def patient(self):
        return self.episode.patient

    @property
    def sort_key(self) -> tuple:
        return (
            KIND_ORDER[self.kind],
            -TRIAGE_SEVERITY.get(self.level or TriageLevel.NONE, 0),
            -self.when.timestamp(),
        )


def assessment_item(assessment: Assessment) -> Item:
    triage = assessment.suggestion.get("triage") or {}
    flags = [flag.get("condition", "") for flag in triage.get("flags", [])]
    what = f"Red flag at the {assessment.get_kind_display().lower()} of {assessment.assessed_on:%d %b %Y}"
    if flags:
        what += ": " + "; ".join(flag for flag in flags if flag)
    return Item(
        kind=PromptKind.RED_FLAG,
        level=assessment.triage_level,
        episode=assessment.episode,
        when=dates.start_of(assessment.assessed_on),
        what=what,
        action_label="Record the referral",
        action_url=reverse("plans:referral_record", args=[assessment.code]),
        source=assessment,
        note=override_note(assessment),
    )


def override_note(flag: Assessment | Prompt) -> str:
    # An urgent override releases the plan, not the inbox item: only the referral closes a red flag.
    if getattr(flag, "overridden", False):
        return "Plan released by override; referral still to record."
    return ""


def prompt_item(prompt: Prompt) -> Item:
    episode_code = prompt.episode.code
    if prompt.kind == PromptKind.RED_FLAG:
        label = "Record the referral"
        url = reverse("plans:prompt_referral", args=[prompt.pk])
    elif prompt.kind == PromptKind.REEVALUATION_DUE:
        label = "Record a re-evaluation"
        url = reverse("plans:assessment_create", args=[episode_code])
    else:
        label = "Open the plan editor"
        url = reverse("plans:plan_edit", args=[episode_code]) + f"?prompt={prompt.pk}"
    return Item(
        kind=prompt.kind,
        level=prompt.level if prompt.kind == PromptKind.RED_FLAG else "",
        episode=prompt.episode,
        when=timezone.make_aware(datetime.combine(prompt.visit.visit_date, prompt.visit.visit_time)),
        what=f"Visit of {prompt.visit.visit_date:%d %b %Y}: {prompt.message}",
        action_label=label,
        action_url=url,
        source=prompt,
        note=override_note(prompt),
    )


def flare_item(log: HomeLog) -> Item:
    what = f"Home session of {log.done_on:%d %b %Y}: pain {log.pain_before} → {log.pain_after}"
    if log.comment:
        what += f" (“{log.comment}”)"
    return Item(
        kind=FLARE,
        level="",
        episode=log.episode,
        when=dates.start_of(log.done_on),
        what=what,
        action_label="See the home log",
        action_url=reverse("patients:episode_detail", args=[log.episode.code]),
        source=log,
        acknowledge_url=reverse("plans:flare_acknowledge", args=[log.pk]),
    )


def reevaluation_item(baseline: Assessment) -> Item:
    days = baseline.episode.patient.clinic.reevaluation_days
    return Item(
        kind=PromptKind.REEVALUATION_DUE,
        level="",
        episode=baseline.episode,
        when=dates.start_of(reevaluation_due_on(baseline.assessed_on, days)),
        what=f"Re-evaluation due: {days} days since the {baseline.get_kind_display().lower()} of "
        f"{baseline.assessed_on:%d %b %Y}",
        action_label="Record a re-evaluation",
        action_url=reverse("plans:assessment_create", args=[baseline.episode.code]),
        source=baseline,
    )


def questionnaire_item(questionnaire: QuestionnaireRequest) -> Item:
    completed_at = (
        questionnaire.completed_at or timezone.now()
    )  # set when answered, and only answered ones come here
    parts = [f"pain {questionnaire.nprs}/10"]
    if questionnaire.odi_percent is not None:
        parts.append(f"ODI {questionnaire.odi_percent.normalize():f}%")
    if questionnaire.startback_risk:
        parts.append(f"STarT Back {questionnaire.get_startback_risk_display().lower()} risk")
    return Item(
        kind=QUESTIONNAIRE,
        level="",
        episode=questionnaire.episode,
        when=completed_at,
        what=f"Answered on {timezone.localtime(completed_at):%d %b %Y}: " + ", ".join(parts),
        action_label="Review in a re-evaluation",
        action_url=reverse("plans:assessment_create", args=[questionnaire.episode.code]),
        source=questionnaire,
        acknowledge_url=reverse("plans:questionnaire_review", args=[questionnaire.code]),
    )
