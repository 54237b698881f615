"""Who made a change, for the audit trail django-simple-history keeps of every clinical record."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone


def history_user_set(instance: Model, user: User | None) -> None:
    """Name ``user`` in the history row written by ``instance``'s next save (simple-history reads
    the ``_history_user`` attribute, which the model classes do not declare)."""
    instance._history_user = user  # type: ignore[attr-defined]


def audited_save(instance: Model, user: User | None) -> None:
    """Validate and save ``instance``, its history row naming ``user``."""
    history_user_set(instance, user)
    instance.full_clean()
    instance.save()


def first_seen_stamp(instance: Model, user: User, *, at_field: str, by_field: str) -> None:
    """Stamp now and ``user`` on ``instance``'s ``at_field``/``by_field`` and save only those, unless
    it was stamped before: the first acknowledgement or review is the one that stays."""
    if getattr(instance, at_field) is not None:
        return
    setattr(instance, at_field, timezone.now())
    setattr(instance, by_field, user)
    history_user_set(instance, user)
    instance.save(update_fields=[at_field, by_field, "updated_at"])
