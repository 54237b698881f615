"""Fetching one patient or episode for the user asking, through the access gate: a record they may
not see is a 404, like one that does not exist."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.shortcuts import get_object_or_404

from patients.models import Episode, Patient


def get_patient_for_user(user: User | AnonymousUser, code: UUID, *related: str) -> Patient:
    return get_object_or_404(Patient.objects.visible_to(user).select_related("clinic", *related), code=code)


def get_episode_for_user(user: User | AnonymousUser, code: UUID) -> Episode:
    return get_object_or_404(Episode.objects.visible_to(user).select_related("patient__clinic"), code=code)
