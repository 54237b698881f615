"""The read audit (HIPAA 164.312(b)): every page that shows a patient's record writes one
``RecordAccess`` row, after the access gate has let the user in, so a refused request logs nothing.
Writes to records are audited separately, by django-simple-history."""

from __future__ import annotations

from collections import deque
from functools import cache
from typing import TYPE_CHECKING, cast

from django.db import models
from django.http import HttpRequest

from patients.models import Patient, RecordAccess

if TYPE_CHECKING:
    from simple_history.admin import SimpleHistoryAdmin as _ModelAdmin
else:
    _ModelAdmin = object  # a mixin for model admins

Kind = RecordAccess.Kind
PATH_MAX_LENGTH = RecordAccess._meta.get_field("path").max_length


def record_access(
    request: HttpRequest, *, patient: Patient | int, record: models.Model, kind: Kind = Kind.PAGE
) -> RecordAccess:
    """Log that ``request.user`` was shown ``record`` of ``patient``: one INSERT and nothing else
    (no ``full_clean()``, whose foreign-key checks would add a query per page; every value comes from
    the code, none from the user)."""
    return RecordAccess.objects.create(
        user_id=cast(int, request.user.pk),
        patient_id=patient if isinstance(patient, int) else patient.pk,
        kind=kind,
        path=request.get_full_path()[:PATH_MAX_LENGTH],
        record_type=record._meta.label_lower,
        record_id=record.pk,
    )


@cache
def patient_lookup(model: type[models.Model]) -> str | None:
    """The shortest chain of foreign keys from ``model`` to its patient ("episode__patient"), "" for
    a patient itself, None for a model that belongs to no patient (the library, clinics, users)."""
    if issubclass(model, Patient):
        return ""
    seen = {model}
    pending = deque([(model, "")])
    while pending:
        current, path = pending.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = field.related_model
            if target is None or target == "self":
                continue
            lookup = f"{path}__{field.name}" if path else field.name
            if issubclass(target, Patient):
                return lookup
            if target not in seen and lookup.count("__") < 3:
                seen.add(target)
                pending.append((target, lookup))
    return None


def patient_id_of(record: models.Model) -> int | None:
    lookup = patient_lookup(type(record))
    if lookup is None:
        return None
    if lookup == "":
        return record.pk
    if "__" not in lookup:
        return getattr(record, f"{lookup}_id")
    return type(record)._default_manager.filter(pk=record.pk).values_list(lookup, flat=True).first()


class RecordAccessAdminMixin(_ModelAdmin):
    """Logs the admin pages that show one patient record: its change page, its history list, one
    of its past versions and the delete confirmation. Hooked at rendering, so a refused request (404,
    403) or a successful save (a redirect) logs nothing."""

    def _record_admin_access(self, request: HttpRequest, record: models.Model | None) -> None:
        if record is None or record.pk is None:
            return
        patient_id = patient_id_of(record)
        if patient_id is not None:
            record_access(request, patient=patient_id, record=record, kind=Kind.ADMIN)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and not add:
            self._record_admin_access(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def render_history_view(self, request, template, context, **kwargs):
        self._record_admin_access(request, context.get("original") or context.get("object"))
        return super().render_history_view(request, template, context, **kwargs)

    def render_delete_form(self, request, context):
        self._record_admin_access(request, context.get("object"))
        return super().render_delete_form(request, context)
