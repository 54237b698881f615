"""The shared library's admin base (changes by superusers and library editors only, each saying which
clinics it reaches) and the exercise admin, with its drawn poses and uploaded pictures. plans/admin.py
registers the education and cause admins on the same base."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.admin_labels import LabelledListEditable
from clinic.admin_scoping import GateScopedRelationsMixin
from clinic.models import Clinic
from plans.models import Exercise

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin as _AdminBase
else:
    _AdminBase = object  # a mixin for model admins and inlines


class LibraryEditorsOnly(_AdminBase):
    """The shared library changes only by superusers and library editors, whatever a clinic role's
    model permissions say."""

    def has_add_permission(self, request, *args):
        return access.is_library_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return access.is_library_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return access.is_library_editor(request.user) and super().has_delete_permission(request, obj)


class LibraryAdmin(LibraryEditorsOnly, GateScopedRelationsMixin, SimpleHistoryAdmin):
    # How the library row reaches the plan items that use it, for "which clinics this change reaches".
    plan_item_path: str | None = None

    def has_delete_permission(self, request, obj=None):
        # Plans refer to library rows; retire an exercise by clearing "approved" instead.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "clinics_reached"] if access.is_library_editor(request.user) else readonly

    def get_fieldsets(self, request, obj=None):
        # Which clinics use a library row is for those who keep the library, not for every clinic.
        fieldsets = super().get_fieldsets(request, obj)
        if access.is_library_editor(request.user):
            return fieldsets
        return [(name, options) for name, options in fieldsets if "clinics_reached" not in options["fields"]]

    def clinics_reached_by(self, obj) -> str:
        clinics = Clinic.objects.order_by("name")
        reached = (
            f"every clinic's suggestions ({', '.join(clinics.values_list('name', flat=True)) or 'none yet'})"
        )
        if self.plan_item_path is None:
            return reached
        in_use = clinics.filter(
            **{f"patients__episodes__plan__versions__{self.plan_item_path}": obj}
        ).annotate(plans=Count("patients__episodes__plan", distinct=True))
        used = ", ".join(f"{clinic.name}: {clinic.plans} plan(s)" for clinic in in_use)
        return f"{reached}; plans that use it: {used or 'none'}"

    @admin.display(description="clinics this reaches")
    def clinics_reached(self, obj):
        return "-" if obj is None or obj.pk is None else self.clinics_reached_by(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            messages.warning(
                request, f"This change to the shared library reaches {self.clinics_reached_by(obj)}."
            )


# Uploaded pictures replace the project's drawn ones, so only superusers choose them and their licence.
EXERCISE_PICTURE_UPLOAD_FIELDS = ("start_picture", "end_picture", "picture_licence")


@admin.register(Exercise)
class ExerciseAdmin(LabelledListEditable, LibraryAdmin):
    plan_item_path = "exercises__exercise"
    list_display = [
        "name",
        "kind",
        "level",
        "target_region",
        "default_dose",
        "loaded_spinal_flexion",
        "approved",
        "easier",
    ]
    list_filter = [
        "approved",
        "kind",
        "level",
        "target_region",
        "loaded_spinal_flexion",
        "spinal_flexion",
        "spinal_extension",
        "rotation",
        "prone",
        "supine",
        "unsupported_balance",
        "suits_acute",
        "suits_subacute",
        "suits_chronic",
    ]
    list_editable = ["approved"]
    list_select_related = ["easier"]
    search_fields = ["name", "slug", "instructions", "cues"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["easier"]
    actions = ["approve", "withdraw"]
    formfield_overrides = {models.JSONField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})}}
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("kind", "level"), "target_region", "approved"]}),
        ("For the patient", {"fields": ["instructions", "if_it_hurts"]}),
        ("For the therapist", {"fields": ["cues", "precautions"]}),
        ("Default dose", {"fields": [("sets", "reps", "hold_seconds"), ("times_per_day", "days_per_week")]}),
        (
            "Movement and stage",
            {
                "fields": [
                    (
                        "loaded_spinal_flexion",
                        "spinal_flexion",
                        "spinal_extension",
                        "rotation",
                        "high_impact",
                    ),
                    ("lateral_glide", "prone", "supine", "unsupported_balance", "non_weight_bearing"),
                    ("suits_acute", "suits_subacute", "suits_chronic"),
                ]
            },
        ),
        ("Variants and media", {"fields": ["easier", "media_note"]}),
        (
            "Pictures",
            {
                "description": "The drawn pictures come from the poses; an uploaded picture replaces the "
                "drawn one and needs its text and its source and licence.",
                "fields": [
                    ("start_pose", "end_pose"),
                    ("start_picture_alt", "end_picture_alt"),
                    ("start_picture", "end_picture"),
                    "picture_licence",
                    "shown_picture_licence",
                ],
            },
        ),
        ("Shared by every clinic", {"fields": ["clinics_reached"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "shown_picture_licence"]
        if not request.user.is_superuser:
            readonly += EXERCISE_PICTURE_UPLOAD_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        # A revert from the history saves the old copy whole: only a superuser changes the uploads.
        if change and not request.user.is_superuser:
            live = Exercise.objects.filter(pk=obj.pk).first()
            if live is not None:
                for name in EXERCISE_PICTURE_UPLOAD_FIELDS:
                    setattr(obj, name, getattr(live, name))
        super().save_model(request, obj, form, change)

    @admin.display(description="licence of the pictures shown")
    def shown_picture_licence(self, exercise):
        return exercise.shown_picture_licence or "-"

    @admin.display(description="default dose")
    def default_dose(self, exercise):
        return exercise.dose.describe()

    @admin.action(description="Approve the selected exercises for suggestions", permissions=["change"])
    def approve(self, request, queryset):
        for exercise in queryset:
            exercise.approved = True
            exercise.save(update_fields=["approved", "updated_at"])

    @admin.action(description="Withdraw the selected exercises from suggestions", permissions=["change"])
    def withdraw(self, request, queryset):
        for exercise in queryset:
            exercise.approved = False
            exercise.save(update_fields=["approved", "updated_at"])
