"""Recording what releases a held plan: the referral made for an urgent or emergency red flag (of an
assessment or of a visit's red-flag prompt) or, for an urgent one only, a therapist's override. The
plan editor and the suggestion page post here; bad input comes back on this page, field by field."""

from http import HTTPStatus
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from clinic.access import therapist_required
from clinic.forms import add_service_errors
from clinic.redirects import safe_next_url
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.forms.holds import HoldOverrideForm, ReferralForm
from plans.models import Assessment, HoldOverride, Prompt, Referral
from plans.selectors.holds import PlanHold
from plans.services import referrals
from plans.services.referrals import ReferralEntry, hold_override_record
from plans.views.pages import render_episode_page


def _flag(user, code: UUID | None, pk: int | None) -> Assessment | Prompt:
    """The red flag a URL names: an assessment by ``code``, or a visit's red-flag prompt by ``pk``."""
    if code is not None:
        return get_object_or_404(
            Assessment.objects.visible_to(user).select_related("episode__patient"), code=code
        )
    return get_object_or_404(
        Prompt.objects.visible_to(user)
        .filter(kind=PromptKind.RED_FLAG)
        .select_related("episode__patient", "visit"),
        pk=pk,
    )


def _level(flag) -> str:
    return flag.triage_level if isinstance(flag, Assessment) else flag.level


def _source(flag) -> dict:
    return {"assessment": flag} if isinstance(flag, Assessment) else {"prompt": flag}


def _default_next(flag) -> str:
    if isinstance(flag, Assessment):
        return reverse("plans:assessment_detail", args=[flag.code])
    return reverse("plans:plan_edit", args=[flag.episode.code])


def _page(request, flag, *, referral_form=None, override_form=None, status=HTTPStatus.OK):
    episode = flag.episode
    level = _level(flag)
    return render_episode_page(
        request,
        "plans/hold_release.html",
        episode=episode,
        record=flag,
        context={
            "flag": flag,
            "at_visit": isinstance(flag, Prompt),
            "level": level,
            "referral": Referral.objects.filter(**_source(flag)).select_related("recorded_by").first(),
            "override": HoldOverride.objects.filter(**_source(flag)).select_related("overridden_by").first(),
            "referral_form": referral_form or ReferralForm(level=level),
            "override_form": (override_form or HoldOverrideForm()) if level == TriageLevel.URGENT else None,
            "next": safe_next_url(request, default=_default_next(flag)),
            "referral_url": _referral_url(flag),
            "override_url": _override_url(flag),
        },
        status=status,
    )


def _referral_url(flag) -> str:
    if isinstance(flag, Assessment):
        return reverse("plans:referral_record", args=[flag.code])
    return reverse("plans:prompt_referral", args=[flag.pk])


def _override_url(flag) -> str:
    if isinstance(flag, Assessment):
        return reverse("plans:assessment_override", args=[flag.code])
    return reverse("plans:prompt_override", args=[flag.pk])


@therapist_required
def referral_record(request, code: UUID | None = None, pk: int | None = None):
    """The referral for an assessment's red flag (``code``) or a visit's red-flag prompt (``pk``)."""
    flag = _flag(request.user, code, pk)
    if request.method != "POST":
        return _page(request, flag)
    form = ReferralForm(request.POST, level=_level(flag))
    if form.is_valid():
        entry = ReferralEntry(**form.cleaned_data)
        try:
            referral = referrals.referral_record(flag=flag, entry=entry, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The referral to {referral.referred_to} was recorded.")
            return redirect(safe_next_url(request, default=_default_next(flag)))
    return _page(request, flag, referral_form=form, status=HTTPStatus.BAD_REQUEST)


@therapist_required
def override_record(request, code: UUID | None = None, pk: int | None = None):
    """The override of an urgent red flag, of an assessment (``code``) or a visit's prompt (``pk``)."""
    flag = _flag(request.user, code, pk)
    if request.method != "POST":
        return _page(request, flag)
    form = HoldOverrideForm(request.POST)
    if form.is_valid():
        try:
            hold_override_record(flag=flag, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The override was recorded; this red flag no longer holds the plan.")
            return redirect(safe_next_url(request, default=_default_next(flag)))
    if _level(flag) != TriageLevel.URGENT:
        messages.error(
            request,
            " ".join(str(message) for message in form.non_field_errors())
            or "Only an urgent red flag can be overridden.",
        )
        return _page(request, flag, status=HTTPStatus.BAD_REQUEST)
    return _page(request, flag, override_form=form, status=HTTPStatus.BAD_REQUEST)


def hold_cards(holds: list[PlanHold]) -> list[dict]:
    """What the plan editor and the suggestion page show for each hold: what was found, the
    referral form and, for an urgent flag, the override form (field ids unique per hold)."""
    cards = []
    for number, hold in enumerate(holds, start=1):
        flag = hold.flag
        if isinstance(flag, Assessment):
            found = [
                f"{item['condition']}: {item['action']}"
                for item in flag.suggestion.get("triage", {}).get("flags", [])
                if item.get("level") in (TriageLevel.URGENT, TriageLevel.EMERGENCY)
            ]
        else:
            found = [flag.message]
        cards.append(
            {
                "hold": hold,
                "found": found,
                "referral_form": ReferralForm(level=hold.level, auto_id=f"id_hold{number}_%s"),
                "override_form": HoldOverrideForm(auto_id=f"id_hold{number}_%s")
                if hold.overridable
                else None,
                "referral_url": _referral_url(flag),
                "override_url": _override_url(flag),
            }
        )
    return cards
