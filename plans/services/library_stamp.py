"""The library's stamp: a new token with every change to the shared library, written in the change's
own transaction, so that every process's memo of the library (``plans.selectors.library``) sees it.

Saves and deletes of the library's rows (the library admin and its inlines and actions, factories, a
shell) stamp it through the signals connected here; ``library_sync``, which runs on a migration's
historical models that send no signals, calls ``library_stamp_bump`` itself.
"""

from __future__ import annotations

from uuid import uuid4

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

LIBRARY_MODELS = (
    "EducationItem",
    "Exercise",
    "Cause",
    "CauseEvidence",
    "CauseContraindication",
    "CausePreferredKind",
    "CauseEducation",
)
STAMP_ROW = 1


def library_stamp_bump(*, apps: Apps = django_apps) -> None:
    """Give the library a new token. On a migration's models from before the stamp existed, nothing."""
    try:
        stamp = apps.get_model("plans", "LibraryStamp")
    except LookupError:
        return
    token = uuid4()
    if not stamp.objects.filter(pk=STAMP_ROW).update(token=token, changed_at=timezone.now()):
        stamp.objects.update_or_create(pk=STAMP_ROW, defaults={"token": token})


def _changed(sender, raw: bool = False, **kwargs) -> None:
    # Rows loaded raw (a fixture, a test database restored) may predate the stamp's table; whoever
    # loads library rows raw runs library_sync or library_stamp_bump after.
    if not raw:
        library_stamp_bump()


def _links_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):  # each "pre_" signal has its "post_" one
        library_stamp_bump()


def connect_signals() -> None:
    for name in LIBRARY_MODELS:
        model = django_apps.get_model("plans", name)
        uid = f"upright_library_stamp_{name}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}_delete")
    through = django_apps.get_model("plans", "Cause").education.through
    m2m_changed.connect(_links_changed, sender=through, dispatch_uid="upright_library_stamp_cause_education")
