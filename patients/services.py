"""Writes to patients and episodes. History (who, when, what) is kept by django-simple-history.

Patients and episodes carry a ``version``: ``save()`` of a copy loaded before someone else's save
raises ``RecordModifiedError`` and writes nothing; every write moves the version on."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from patients.models import Episode, Patient

Record = TypeVar("Record", Patient, Episode)


def _save(record: Record) -> Record:
    record.full_clean()
    record.save()
    return record


def _set_active(record: Record, active: bool) -> Record:
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.is_active = active
    record.save(update_fields=["is_active", "updated_at", "version"])
    return record


@transaction.atomic
def patient_save(*, patient: Patient) -> Patient:
    return _save(patient)


@transaction.atomic
def patient_set_active(*, patient: Patient, active: bool) -> Patient:
    return _set_active(patient, active)


@transaction.atomic
def episode_save(*, episode: Episode) -> Episode:
    return _save(episode)


@transaction.atomic
def episode_archive(*, episode: Episode, reason: str) -> Episode:
    """Archive the episode, keeping why in the record and its history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"archive_reason": "Say why the episode is archived."})
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.is_active, episode.archive_reason = False, reason
    episode.save(update_fields=["is_active", "archive_reason", "updated_at", "version"])
    return episode


@transaction.atomic
def episode_restore(*, episode: Episode) -> Episode:
    """Make an archived episode active again; its history keeps the reason it was archived."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.is_active, episode.archive_reason = True, ""
    episode.save(update_fields=["is_active", "archive_reason", "updated_at", "version"])
    return episode
