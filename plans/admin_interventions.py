"""The interventions a visit may record. The shared ones (no clinic) are every clinic's and only a
superuser changes them; a clinic's clinical lead adds and retires the clinic's own
(``access.may_keep_intervention_types``); therapists read the list. Types are retired, never deleted:
visits point at them."""

from django import forms
from django.contrib import admin
from django.db.models.functions import Lower

from clinic import access
from clinic.admin_scoping import ClinicScopedAdmin
from clinic.models import Clinic
from plans.models import InterventionType


class InterventionTypeForm(forms.ModelForm):
    class Meta:
        model = InterventionType
        fields = ["name", "clinic", "active"]

    def clean(self):
        cleaned = super().clean() or {}
        name, clinic = cleaned.get("name"), cleaned.get("clinic")
        if name and clinic is not None:
            shared = InterventionType.objects.filter(clinic__isnull=True).annotate(lower=Lower("name"))
            if shared.filter(lower=name.lower()).exists():
                self.add_error("name", "A shared intervention has that name already: every clinic has it.")
        return cleaned


@admin.register(InterventionType)
class InterventionTypeAdmin(ClinicScopedAdmin):
    form = InterventionTypeForm
    list_display = ["name", "kept_by", "active"]
    list_filter = ["active"]
    list_select_related = ["clinic"]
    search_fields = ["name"]

    @admin.display(description="clinic", ordering="clinic__name")
    def kept_by(self, obj):
        return obj.clinic or "Shared by every clinic"

    def _keeps_any(self, request) -> bool:
        return request.user.is_superuser or bool(access.intervention_clinic_ids(request.user))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._keeps_any(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return self._keeps_any(request)
        return access.may_keep_intervention_types(request.user, obj.clinic_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            # A clinical lead adds types for the clinics they lead; only a superuser adds shared ones.
            kwargs["queryset"] = Clinic.objects.filter(pk__in=access.intervention_clinic_ids(request.user))
            kwargs["required"] = True
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
