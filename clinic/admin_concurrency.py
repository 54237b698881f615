"""Optimistic locking on admin change forms: put ``ConcurrentEditAdmin`` first among the bases.

A change form posted from a stale copy comes back (200) naming who changed the record and what,
with the typed values kept, and saves nothing (inlines included); selecting rows for an action
from a stale list aborts the action (django-concurrency's ``ConcurrentModelAdmin``).
"""

from __future__ import annotations

from typing import Any

from concurrency.admin import ConcurrentModelAdmin
from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.admin import helpers
from django.forms import ModelForm
from django.http import HttpResponseRedirect

from clinic.edit_conflicts import VERSION_FIELD, VersionedModelForm

# The version field is added to the form by ``get_fieldsets`` below, not listed by each admin.
_FIELDS_MISS_VERSION = {"concurrency.A001", "concurrency.A002"}


class ConcurrentEditAdmin(ConcurrentModelAdmin):
    form: type[ModelForm[Any]] = VersionedModelForm

    def check(self, **kwargs):
        return [error for error in super().check(**kwargs) if error.id not in _FIELDS_MISS_VERSION]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        listed = {
            name
            for _, options in fieldsets
            for entry in options["fields"]
            for name in (entry if isinstance(entry, (list, tuple)) else [entry])
        }
        if VERSION_FIELD in listed:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "_reverting_from_history", False) and obj is not None and obj.pk:
            # simple-history's revert form edits an old copy: it is a change of the current version.
            current = type(obj)._base_manager.filter(pk=obj.pk).values_list(VERSION_FIELD, flat=True).first()
            setattr(obj, VERSION_FIELD, current)
        return super().get_form(request, obj, change, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._reverting_from_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError:
            # The form's check holds a row lock until the save, so this means a writer that took no
            # lock got in between; the transaction was rolled back, nothing was saved.
            messages.error(
                request, "Someone changed this record while you were saving it. Nothing was saved."
            )
            return HttpResponseRedirect(request.path)

    def response_action(self, request, queryset):
        # The list's checkboxes carry "pk,version"; a selection without its version (typed by hand,
        # or from an old page) is out of date rather than a server error.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(len(item.split(",")) != 2 or not item.split(",")[1].isdigit() for item in selected):
            messages.error(request, "The selection is out of date: reload the list and choose again.")
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)
