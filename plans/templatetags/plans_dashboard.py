from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.selectors.attention import KIND_LABELS, top_kind
from plans.selectors.caseload import reevaluation_due_on

register = template.Library()


@register.simple_tag
def reevaluation_cell(episode):
    """When re-evaluation is due: an open re-evaluation prompt, or the clinic's day rule."""
    if any(p.kind == PromptKind.REEVALUATION_DUE for p in getattr(episode, "open_prompt_list", [])):
        return mark_safe('<span class="badge text-bg-warning">Due now</span>')
    due = reevaluation_due_on(episode)
    if due is None:
        return mark_safe('<span class="text-muted">No assessment yet</span>')
    visits_left = episode.patient.clinic.reevaluation_visit_count - episode.visits_since_baseline
    if due <= timezone.localdate() or visits_left <= 0:
        since = due.strftime("%d %b %Y")
        return format_html('<span class="badge text-bg-warning">Due since {}</span>', since)
    return format_html(
        '{} <span class="small text-muted">or after {} more visit{}</span>',
        due.strftime("%d %b %Y"),
        visits_left,
        "" if visits_left == 1 else "s",
    )


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
