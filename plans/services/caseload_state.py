"""Keeping the caseload state on each episode (``Episode.CASELOAD_STATE_FIELDS``): every service that
writes a visit, an assessment, a prompt, a referral, an override, a home log or a questionnaire calls
``caseload_state_refresh`` in its own transaction, so the caseload reads columns, not subqueries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction

from patients.models import Episode
from plans.selectors.caseload_state import implied_state


@transaction.atomic
def caseload_state_refresh(*, episode_ids: Iterable[int]) -> int:
    """Recompute the stored state of the episodes from their rows, in one UPDATE; the number updated.
    The episodes are locked first (in id order, so that two writers never wait on each other in a
    circle), and the UPDATE, a statement of its own, sees what a writer before us committed. The lock
    is FOR NO KEY UPDATE, which the key-share lock of a child row's insert does not block: two
    transactions that each inserted a home log wait for each other's refresh, not in a deadlock."""
    locked = _lock(episode_ids, no_key=True)
    if not locked:
        return 0
    return Episode.objects.filter(pk__in=locked).update(**implied_state())


def _lock(episode_ids: Iterable[int], *, no_key: bool = False) -> list[int]:
    """Lock the episodes in id order; their ids."""
    ids = sorted(set(episode_ids))
    if not ids:
        return []
    return list(
        Episode.objects.select_for_update(no_key=no_key)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@contextmanager
def caseload_state_kept(*, episode_ids: Iterable[int]) -> Iterator[None]:
    """For a write to the rows of ``episode_ids`` that no service makes (a superuser's delete in the
    admin): one transaction that locks the episodes first, in id order, as every service does, runs the
    write, then refreshes their state, so the episodes never keep the state of rows that are gone."""
    with transaction.atomic():
        ids = _lock(episode_ids)
        yield
        caseload_state_refresh(episode_ids=ids)
