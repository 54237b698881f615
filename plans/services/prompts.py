"""Acting on the prompts a visit raised: dismissing them with a reason, or closing them by a plan
version, a re-evaluation or (red flags) a referral."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Episode
from plans.clinical.prompts import can_dismiss, closed_by_plan_change
from plans.clinical.vocabulary import PromptKind
from plans.models import PlanVersion, Prompt, PromptStatus
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import history_user_set


def _resolve(prompt: Prompt, *, user: User, status: str, dismissal_reason: str = "") -> None:
    prompt.status = status
    if dismissal_reason:
        prompt.dismissal_reason = dismissal_reason
    prompt.resolved_by = user
    prompt.resolved_at = timezone.now()
    history_user_set(prompt, user)
    prompt.save()


@transaction.atomic
def prompt_dismiss(*, prompt: Prompt, user: User, reason: str) -> Prompt:
    Episode.objects.select_for_update().filter(pk=prompt.episode_id).get()
    prompt = Prompt.objects.select_for_update().get(pk=prompt.pk)
    if not can_dismiss(prompt.kind):
        raise ValidationError("A red flag cannot be dismissed: record the referral instead.")
    if prompt.status != PromptStatus.OPEN:
        raise ValidationError("This prompt has already been dealt with.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the prompt is dismissed."})
    _resolve(prompt, user=user, status=PromptStatus.DISMISSED, dismissal_reason=reason.strip())
    caseload_state_refresh(episode_ids=[prompt.episode_id])
    return prompt


def prompts_supersede(*, episode: Episode, kinds: Collection[str], on: date, user: User) -> None:
    """One open prompt per kind: a new one (raised at the visit of ``on``) closes the older ones of its
    kind, saying so. Red flags are never superseded: each stays until its referral is recorded."""
    for older in episode.prompts.open().filter(kind__in=kinds).exclude(kind=PromptKind.RED_FLAG):
        reason = f"Superseded by the same prompt at the visit of {on:%d %b %Y}."
        _resolve(older, user=user, status=PromptStatus.DISMISSED, dismissal_reason=reason)


@transaction.atomic
def prompt_mark_acted(*, prompt: Prompt, user: User, plan_version: PlanVersion | None = None) -> None:
    """A new plan version or a re-evaluation answers a prompt, except a red flag: only its referral
    closes that (plans.services.referrals.referral_record)."""
    Episode.objects.select_for_update().filter(pk=prompt.episode_id).get()  # the episode first, as everywhere
    if closed_by_plan_change(prompt.kind):
        prompt_close(prompt=prompt, user=user, plan_version=plan_version)
        caseload_state_refresh(episode_ids=[prompt.episode_id])


def prompt_close(*, prompt: Prompt, user: User, plan_version: PlanVersion | None = None) -> None:
    prompt.plan_version = plan_version
    _resolve(prompt, user=user, status=PromptStatus.ACTED)


def reevaluation_prompts_resolve(*, episode: Episode, user: User) -> int:
    """A re-evaluation answers the open re-evaluation prompts of the episode."""
    prompts = list(episode.prompts.open().filter(kind=PromptKind.REEVALUATION_DUE))
    for prompt in prompts:
        prompt_mark_acted(prompt=prompt, user=user)
    return len(prompts)
