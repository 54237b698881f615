"""The clinic's clinical thresholds on an admin page of their own: its clinical lead's and
superusers' to set (``access.may_set_thresholds``); the rest of its staff get 403, other clinics 404."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from clinic import access
from clinic.edit_conflicts import VersionedModelForm
from clinic.models import Clinic

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as _AdminBase
else:
    _AdminBase = object

THRESHOLD_FIELDS = [
    "nprs_mcid",
    "odi_mcid",
    "relative_improvement_percent",
    "plateau_window_days",
    "plateau_days",
    "reevaluation_days",
    "reevaluation_visit_count",
    "subacute_from_days",
    "chronic_from_days",
    "unsigned_note_days",
]


class ThresholdsForm(VersionedModelForm):
    class Meta:
        model = Clinic
        fields = [*THRESHOLD_FIELDS, "version"]


class ClinicThresholdsMixin(_AdminBase):
    """For the clinic admin (a ``ClinicScopedAdmin``, whose ``get_object`` answers 404 outside the
    user's clinics)."""

    def get_urls(self):
        thresholds = self.admin_site.admin_view(self.thresholds_view)
        return [
            path("<path:object_id>/thresholds/", thresholds, name="clinic_clinic_thresholds"),
            *super().get_urls(),
        ]

    def thresholds_view(self, request, object_id):
        """The clinical thresholds on a page of their own, for the clinic's clinical lead and
        superusers; the rest of the clinic's staff get 403 (another clinic is a 404)."""
        clinic = self._clinic(request, object_id)
        if not access.may_set_thresholds(request.user, clinic):
            raise PermissionDenied
        form = ThresholdsForm(request.POST or None, instance=clinic)
        with transaction.atomic():  # the form's version check locks the row until the save
            saved = request.method == "POST" and form.is_valid() and bool(form.save())
        if saved:
            messages.success(request, f"The clinical thresholds of {clinic} were saved.")
            return redirect("admin:clinic_clinic_change", clinic.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Clinical thresholds of {clinic}",
            "clinic": clinic,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/clinic/clinic_thresholds.html", context)

    def _clinic(self, request, object_id) -> Clinic:
        clinic = self.get_object(request, object_id)
        if clinic is None:
            raise Http404("No such clinic.")
        return clinic

    def change_view(self, request, object_id, form_url="", extra_context=None):
        clinic = self._clinic(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "may_set_thresholds": access.may_set_thresholds(request.user, clinic),
        }
        return super().change_view(request, object_id, form_url, extra_context)
