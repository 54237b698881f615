"""Writes to patients and episodes. History (who, when, what) is kept by django-simple-history.

Patients and episodes carry a ``version``: ``save()`` of a copy loaded before someone else's save
raises ``RecordModifiedError`` and writes nothing; every write moves the version on."""

from django.db import transaction

from patients.models import Episode, Patient


@transaction.atomic
def patient_save(*, patient: Patient) -> Patient:
    patient.full_clean()
    patient.save()
    return patient


@transaction.atomic
def patient_set_active(*, patient: Patient, active: bool) -> Patient:
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    patient.is_active = active
    patient.save(update_fields=["is_active", "updated_at", "version"])
    return patient


@transaction.atomic
def episode_save(*, episode: Episode) -> Episode:
    episode.full_clean()
    episode.save()
    return episode


@transaction.atomic
def episode_set_active(*, episode: Episode, active: bool) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    episode.is_active = active
    episode.save(update_fields=["is_active", "updated_at", "version"])
    return episode
