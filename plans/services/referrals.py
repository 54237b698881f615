"""Recording what releases a red flag: the referral made for it, or (urgent only) an override."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Episode
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.models import (
    OVERRIDE_REASON_MIN,
    URGENCY_FOR_LEVEL,
    Assessment,
    HoldOverride,
    Prompt,
    PromptStatus,
    Referral,
    ReferralUrgency,
)
from plans.selectors.holds import flag_day, flag_level
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import audited_save, history_user_set
from plans.services.prompts import prompt_close


@dataclass(frozen=True)
class ReferralEntry:
    referred_to: str
    referred_at: datetime
    urgency: str
    note: str = ""


def _locked_flag(flag: Assessment | Prompt) -> Assessment | Prompt:
    """The assessment or red-flag prompt, locked, so two submits record one referral or override;
    its episode is locked first, as every writer of the caseload state locks it."""
    Episode.objects.select_for_update().filter(pk=flag.episode_id).get()
    if isinstance(flag, Assessment):
        return Assessment.objects.select_for_update().get(pk=flag.pk)
    return Prompt.objects.select_for_update().select_related("visit").get(pk=flag.pk)


def _source(flag: Assessment | Prompt) -> dict:
    return {"assessment": flag} if isinstance(flag, Assessment) else {"prompt": flag}


@transaction.atomic
def referral_record(*, flag: Assessment | Prompt, entry: ReferralEntry, user) -> Referral:
    """Record the referral made for an assessment's triage or a visit's red-flag prompt; a prompt is
    resolved by it. A repeat (double submit) returns the referral already recorded."""
    flag = _locked_flag(flag)
    existing = Referral.objects.filter(**_source(flag)).first()
    if existing is not None:
        return existing
    if flag_level(flag) in ("", TriageLevel.NONE) or (
        isinstance(flag, Prompt) and flag.kind != PromptKind.RED_FLAG
    ):
        raise ValidationError("A referral is recorded for a red flag; this record has none.")
    errors = {}
    if not entry.referred_to.strip():
        errors["referred_to"] = "Say to whom or where the patient was referred."
    if entry.referred_at > timezone.now():
        errors["referred_at"] = "The referral cannot be made in the future."
    elif timezone.localdate(entry.referred_at) < flag_day(flag):
        errors["referred_at"] = (
            f"The referral cannot be before the red flag was found ({flag_day(flag):%d %b %Y})."
        )
    needed = URGENCY_FOR_LEVEL.get(TriageLevel(flag_level(flag)), ReferralUrgency.ROUTINE)
    if entry.urgency not in ReferralUrgency.values:
        errors["urgency"] = "Choose how urgently the patient was referred."
    elif not ReferralUrgency.at_least(entry.urgency, needed):
        errors["urgency"] = (
            f"This red flag needs a referral {ReferralUrgency(needed).label.lower()} or sooner: "
            "a less urgent one does not release it."
        )
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        episode_id=flag.episode_id,
        referred_to=entry.referred_to.strip(),
        referred_at=entry.referred_at,
        urgency=entry.urgency,
        note=entry.note.strip(),
        recorded_by=user,
        **_source(flag),
    )
    history_user_set(referral, user)
    referral.full_clean(exclude=["created_at"])
    referral.save()
    if isinstance(flag, Prompt) and flag.status == PromptStatus.OPEN:
        prompt_close(prompt=flag, user=user)
    caseload_state_refresh(episode_ids=[flag.episode_id])
    return referral


@transaction.atomic
def hold_override_record(*, flag: Assessment | Prompt, reason: str, user) -> HoldOverride:
    """Let care go on despite an URGENT red flag, saying why; an emergency is never overridden. The
    override releases only the assessment or prompt it names. A repeat returns the one recorded."""
    flag = _locked_flag(flag)
    existing = HoldOverride.objects.filter(**_source(flag)).first()
    if existing is not None:
        return existing
    level = flag_level(flag)
    if level == TriageLevel.EMERGENCY:
        raise ValidationError("An emergency cannot be overridden: record the referral that was made.")
    if level != TriageLevel.URGENT:
        raise ValidationError("Only an urgent red flag holds the plan and can be overridden.")
    if len(reason.strip()) < OVERRIDE_REASON_MIN:
        raise ValidationError(
            {
                "reason": f"Say in at least {OVERRIDE_REASON_MIN} characters who cleared the patient "
                "or why care goes on."
            }
        )
    override = HoldOverride(
        episode_id=flag.episode_id, level=level, reason=reason.strip(), overridden_by=user, **_source(flag)
    )
    audited_save(override, user)
    caseload_state_refresh(episode_ids=[flag.episode_id])
    return override
