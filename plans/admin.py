"""The library (causes, exercises, education) is shared by every clinic: superusers and library
editors keep it here, and each change says which clinics it reaches. Clinical records
(assessments, plans, visits, prompts, home logs, questionnaires) are shown read-only, with their
history, to therapists of the patient's clinic for audit; they are written only through the product's
pages. Admin staff see none of them, not even the list."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.admin_inlines import BoundedTabularInline
from clinic.admin_scoping import ClinicScopedAdmin, GateScopedRelationsMixin, VisibleClinicListFilter
from clinic.models import Clinic
from patients.audit import RecordAccessAdminMixin
from plans.models import (
    Assessment,
    AssessmentFinding,
    Cause,
    CauseContraindication,
    CauseEducation,
    CauseEvidence,
    CausePreferredKind,
    EducationItem,
    Exercise,
    HoldOverride,
    HomeLog,
    PlanVersion,
    Prompt,
    QuestionnaireRequest,
    Referral,
    Visit,
    VisitExercise,
    VisitFinding,
)

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


@admin.register(EducationItem)
class EducationItemAdmin(LibraryAdmin):
    plan_item_path = "education__item"
    list_display = ["title", "category", "slug", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


# Uploaded pictures replace the project's drawn ones, so only superusers choose them and their licence.
EXERCISE_PICTURE_UPLOAD_FIELDS = ("start_picture", "end_picture", "picture_licence")


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
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


class LibraryInline(LibraryEditorsOnly, GateScopedRelationsMixin, BoundedTabularInline):
    extra = 0


class CauseEvidenceInline(LibraryInline):
    model = CauseEvidence
    extra = 1


class CauseContraindicationInline(LibraryInline):
    model = CauseContraindication


class CausePreferredKindInline(LibraryInline):
    model = CausePreferredKind


class CauseEducationInline(LibraryInline):
    model = CauseEducation
    fields = ["item", "order"]
    autocomplete_fields = ["item"]


@admin.register(Cause)
class CauseAdmin(LibraryAdmin):
    list_display = ["name", "code", "evidence_count", "updated_at"]
    search_fields = ["name", "code", "description"]
    inlines = [
        CauseEvidenceInline,
        CauseContraindicationInline,
        CausePreferredKindInline,
        CauseEducationInline,
    ]

    @admin.display(description="evidence")
    def evidence_count(self, cause):
        return len(cause.evidence.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("evidence")


class ReadOnlyClinicalInline(GateScopedRelationsMixin, BoundedTabularInline):
    """Rows shown with their clinical record. The parent page has already checked the clinic; the rows
    have no model permissions of their own, so viewing them follows the parent's rule."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return access.is_therapist(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AssessmentFindingInline(ReadOnlyClinicalInline):
    model = AssessmentFinding


class ReadOnlyClinicalAdmin(RecordAccessAdminMixin, ClinicScopedAdmin):
    """A clinical record, for reading and its audit history: therapists of the patient's clinic and
    superusers only (admin staff get a 403 even where a role grants them the model's view
    permission), never added or changed here; deleting is left to superusers (``ClinicScopedAdmin``)."""

    def has_view_permission(self, request, obj=None):
        return access.is_therapist(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="patient", ordering="episode__patient__family_name")
    def patient(self, record):
        return record.episode.patient


PATIENT_SEARCH_FIELDS = [
    "episode__patient__record_number",
    "episode__patient__family_name",
    "episode__patient__given_name",
]
CLINIC_FILTER = ("episode__patient__clinic", VisibleClinicListFilter)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyClinicalAdmin):
    list_display = ["episode", "kind", "assessed_on", "assessed_by", "stage", "triage_level", "odi_percent"]
    list_filter = ["kind", "triage_level", "stage", "assessed_on"]
    list_select_related = ["episode__patient", "assessed_by"]
    search_fields = ["episode__patient__family_name", "episode__patient__record_number"]
    date_hierarchy = "assessed_on"
    inlines = [AssessmentFindingInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyClinicalAdmin):
    list_display = ["plan", "number", "approved_at", "approved_by", "review_date"]
    list_select_related = ["plan__episode__patient", "approved_by"]
    search_fields = ["plan__episode__patient__family_name", "plan__episode__patient__record_number"]


class VisitFindingInline(ReadOnlyClinicalInline):
    model = VisitFinding
    fields = ["code"]


class VisitExerciseInline(ReadOnlyClinicalInline):
    model = VisitExercise
    fields = ["exercise", "sets", "reps", "hold_seconds", "load"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exercise")


@admin.register(Visit)
class VisitAdmin(ReadOnlyClinicalAdmin):
    list_display = [
        "visit_date",
        "patient",
        "episode",
        "recorded_by",
        "nprs",
        "odi_percent",
        "patient_rating",
        "adherence_percent",
        "status",
    ]
    list_display_links = ["visit_date", "patient"]
    list_filter = ["status", "patient_rating", "visit_date", CLINIC_FILTER]
    list_select_related = ["episode__patient", "recorded_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "recorded_by__username", "recorded_by__last_name"]
    date_hierarchy = "visit_date"
    inlines = [VisitFindingInline, VisitExerciseInline]


@admin.register(Prompt)
class PromptAdmin(ReadOnlyClinicalAdmin):
    list_display = ["__str__", "patient", "kind", "level", "status", "resolved_by", "resolved_at"]
    list_filter = ["status", "kind", "level", CLINIC_FILTER]
    list_select_related = ["episode__patient", "visit", "resolved_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "message", "dismissal_reason"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyClinicalAdmin):
    list_display = ["referred_at", "patient", "referred_to", "urgency", "recorded_by"]
    list_filter = ["urgency", CLINIC_FILTER]
    list_select_related = ["episode__patient", "recorded_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "referred_to", "note"]


@admin.register(HoldOverride)
class HoldOverrideAdmin(ReadOnlyClinicalAdmin):
    list_display = ["created_at", "patient", "level", "overridden_by"]
    list_filter = [CLINIC_FILTER]
    list_select_related = ["episode__patient", "overridden_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "reason"]


@admin.register(HomeLog)
class HomeLogAdmin(ReadOnlyClinicalAdmin):
    list_display = ["done_on", "patient", "plan_version", "pain_before", "pain_after", "flared"]
    list_display_links = ["done_on", "patient"]
    list_filter = ["done_on", CLINIC_FILTER]
    list_select_related = ["episode__patient", "plan_version"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "comment"]
    date_hierarchy = "done_on"

    @admin.display(boolean=True, description="pain flare")
    def flared(self, log):
        return log.flared


@admin.register(QuestionnaireRequest)
class QuestionnaireRequestAdmin(ReadOnlyClinicalAdmin):
    """The patient's answers are clinical: therapists only, though admin staff may send requests."""

    list_display = [
        "__str__",
        "patient",
        "status",
        "requested_by",
        "completed_at",
        "nprs",
        "odi_percent",
        "startback_risk",
    ]
    list_filter = ["status", "startback_risk", "include_odi", "include_startback", CLINIC_FILTER]
    list_select_related = ["episode__patient", "requested_by"]
    search_fields = PATIENT_SEARCH_FIELDS
    date_hierarchy = "created_at"
