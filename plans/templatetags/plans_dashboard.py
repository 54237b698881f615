from datetime import date
from typing import Protocol

from django import template

from clinic import dates
from patients.models import Patient
from plans.clinical.prompts import PromptActions
from plans.clinical.prompts import prompt_actions as actions_for
from plans.clinical.reevaluation import Reevaluation, reevaluation
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.models import Prompt
from plans.selectors.attention import top_kind
from plans.selectors.inbox_items import KIND_LABELS

register = template.Library()


class CaseloadEpisode(Protocol):
    """An episode as ``plans.selectors.caseload.caseload`` annotates it."""

    patient: Patient
    baseline_date: date | None
    visits_since_baseline: int


@register.inclusion_tag("plans/_reevaluation_cell.html")
def reevaluation_cell(episode: CaseloadEpisode) -> dict[str, Reevaluation]:
    """When re-evaluation is due: an open re-evaluation prompt, or the clinic's day and visit rule."""
    clinic = episode.patient.clinic
    return {
        "reevaluation": reevaluation(
            baseline_on=episode.baseline_date,
            today=dates.today(),
            reevaluation_days=clinic.reevaluation_days,
            reevaluation_visit_count=clinic.reevaluation_visit_count,
            visits_since_baseline=episode.visits_since_baseline,
            prompt_open=any(
                p.kind == PromptKind.REEVALUATION_DUE for p in getattr(episode, "open_prompt_list", [])
            ),
        )
    }


@register.inclusion_tag("plans/_attention_cell.html")
def attention_cell(episode):
    """The caseload's prompt column: how many inbox items the episode has and the most severe kind."""
    kind, level = top_kind(episode, getattr(episode, "open_prompt_list", []))
    return {
        "episode": episode,
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, ""),
        "level": level,
        "level_label": TriageLevel(level).label.lower() if level else "",
        "more": max(episode.attention_total - 1, 0),
    }


@register.simple_tag
def prompt_actions(prompt: Prompt) -> PromptActions:
    """What the prompt card offers (plans.clinical.prompts.prompt_actions)."""
    return actions_for(kind=prompt.kind, status=prompt.status, level=prompt.level)
