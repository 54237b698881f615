"""What the caseload state kept on each episode (``Episode.CASELOAD_STATE_FIELDS``) should be: the one
definition, from the rows (``plans.selectors.caseload.implied_caseload`` and
``plans.selectors.attention.implied_attention``), and the episodes whose stored state differs from it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, F, Func, Q

from patients.models import Episode
from plans.selectors.attention import implied_attention
from plans.selectors.caseload import implied_caseload


def implied_state(episode_ref: str = "pk") -> dict:
    """Each stored field with the expression of what the episode's rows imply for it."""
    state = implied_caseload(episode_ref) | implied_attention(episode_ref)
    assert set(state) == set(Episode.CASELOAD_STATE_FIELDS), "every stored field has one definition"
    return state


class _DistinctFrom(Func):
    """``a IS DISTINCT FROM b``: unequal, where two NULLs are equal."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def drifted(episode_ids: Iterable[int] | None = None) -> list[int]:
    """Ids of the episodes (all of them, or those of ``episode_ids``) whose stored caseload state is
    not what their rows imply, in id order."""
    episodes = Episode.objects.all()
    if episode_ids is not None:
        episodes = episodes.filter(pk__in=list(episode_ids))
    implied = {f"implied_{name}": expression for name, expression in implied_state().items()}
    differs = Q()
    for name in Episode.CASELOAD_STATE_FIELDS:
        differs |= Q(_DistinctFrom(F(name), F(f"implied_{name}")))
    return list(episodes.annotate(**implied).filter(differs).order_by("pk").values_list("pk", flat=True))
