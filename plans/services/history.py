"""Who made a change, for the audit trail django-simple-history keeps of every clinical record."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Model


def history_user_set(instance: Model, user: User | None) -> None:
    """Name ``user`` in the history row written by ``instance``'s next save (simple-history reads
    the ``_history_user`` attribute, which the model classes do not declare)."""
    instance._history_user = user  # type: ignore[attr-defined]


def audited_save(instance: Model, user: User | None) -> None:
    """Validate and save ``instance``, its history row naming ``user``."""
    history_user_set(instance, user)
    instance.full_clean()
    instance.save()
