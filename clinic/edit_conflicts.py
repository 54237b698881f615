"""Optimistic locking of shared records (django-concurrency's ``version`` field).

A form loads a record at one version; if someone else saved it since, the save is refused and the
form says who changed it, when, and field by field what is saved now next to what was typed. The
typed values stay in the form, which now carries the saved version, so saving again keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from concurrency.forms import VersionFieldSigner
from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

VERSION_FIELD = "version"
CHANGED_AT_FORMAT = r"j M Y \a\t H:i"


class VersionSigner(VersionFieldSigner):
    """Signs the version a form carries, reading SECRET_KEY on first use rather than when a form
    class is defined, so that commands needing no key (makemigrations) still import the forms."""

    def __init__(self):
        self._ready = False

    def _setup(self) -> None:
        if not self._ready:
            super().__init__()
            self._ready = True

    def sign(self, value):
        self._setup()
        return super().sign(value)

    def unsign(self, value):
        self._setup()
        return super().unsign(value)


@dataclass(frozen=True)
class FieldConflict:
    name: str
    label: str
    saved: str
    typed: str
    changed_by_other: bool


@dataclass(frozen=True)
class EditConflict:
    record_name: str
    changed_by: str
    changed_at: datetime | None
    fields: tuple[FieldConflict, ...]

    @property
    def summary(self) -> str:
        when = ""
        if self.changed_at:
            when = " on " + date_format(timezone.localtime(self.changed_at), CHANGED_AT_FORMAT)
        who = f"{self.changed_by} changed this {self.record_name}{when}"
        parts = [f"{who}, after you opened it. Nothing was saved."]
        if self.fields:
            labels = ", ".join(row.label for row in self.fields)
            parts.append(f"Saved now differently from what you typed: {labels} (marked below).")
        parts.append("Your values are kept below: check them and save again to keep yours.")
        return " ".join(parts)


def person(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    return None if value in (None, "") else value


class VersionedModelForm(forms.ModelForm):
    """A model form for a record with a ``version`` field; list "version" in ``Meta.fields``."""

    conflict: EditConflict | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None and VERSION_FIELD in cleaned:
            saved = self._saved_copy()
            if saved is not None and getattr(saved, VERSION_FIELD) != cleaned[VERSION_FIELD]:
                self.refuse_stale(saved)
        return cleaned

    def _saved_copy(self):
        records = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the surrounding save commits (the admin's change view is atomic), so the
            # record cannot change between this check and the save.
            records = records.select_for_update(of=("self",))
        return records.first()

    def refuse_stale(self, saved=None) -> None:
        """Mark the form as refused because the record changed since it was loaded."""
        saved = saved or self._saved_copy()
        if saved is None:
            self.add_error(None, f"This {self.instance._meta.verbose_name} was deleted. Nothing was saved.")
            return
        loaded_version = self.cleaned_data.get(VERSION_FIELD)
        self.conflict = describe_conflict(self, saved, loaded_version)
        self.add_error(None, self.conflict.summary)
        for row in self.conflict.fields:
            by = f" (changed by {self.conflict.changed_by})" if row.changed_by_other else ""
            self.add_error(row.name, f"Saved now{by}: {row.saved}. You typed: {row.typed}.")
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
        data[self.add_prefix(VERSION_FIELD)] = str(self.fields[VERSION_FIELD].prepare_value(saved.version))
        self.data = data


def describe_conflict(form: forms.ModelForm, saved: models.Model, loaded_version: int | None) -> EditConflict:
    history = saved.history.all()  # type: ignore[attr-defined]  # versioned records keep a history
    loaded = history.filter(**{VERSION_FIELD: loaded_version}).first() if loaded_version is not None else None
    since = list(history.filter(history_date__gt=loaded.history_date)) if loaded else list(history[:1])
    names = list(dict.fromkeys(person(row.history_user) for row in reversed(since)))
    rows = []
    for name, form_field in form.fields.items():
        if name == VERSION_FIELD:
            continue
        model_field = saved._meta.get_field(name)
        assert isinstance(model_field, models.Field)  # form fields map to concrete model fields
        saved_value = model_field.value_from_object(saved)
        if name in form.cleaned_data:
            typed_value = form.cleaned_data[name]
        else:
            typed_value = form.data.get(form.add_prefix(name), "")
        if _plain(saved_value) == _plain(typed_value):
            continue
        rows.append(
            FieldConflict(
                name=name,
                label=str(form_field.label or model_field.verbose_name).capitalize(),
                saved=_words(form_field, model_field, saved_value),
                typed=_words(form_field, model_field, typed_value),
                changed_by_other=loaded is not None
                and _plain(model_field.value_from_object(loaded.instance)) != _plain(saved_value),
            )
        )
    return EditConflict(
        record_name=str(saved._meta.verbose_name),
        changed_by=" and ".join(names) or "Someone",
        changed_at=since[0].history_date if since else None,
        fields=tuple(rows),
    )


def _words(form_field, model_field, value) -> str:
    if value in (None, ""):
        return "(empty)"
    if model_field.is_relation:
        if not isinstance(value, models.Model):
            value = model_field.related_model._base_manager.filter(pk=value).first()
            if value is None:
                return "(empty)"
        label = getattr(form_field, "label_from_instance", str)
        return f"“{label(value)}”"
    if model_field.choices:
        return f"“{dict(model_field.flatchoices).get(value, value)}”"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return f"“{value}”"
