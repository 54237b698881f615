"""The library (causes, exercises, education) is kept by admin staff here. Clinical records
(assessments, plans) are shown read-only to therapists of the patient's clinic for audit; they are
written only through the product's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.admin import ClinicScopedAdmin
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
    PlanVersion,
)


class LibraryAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        # Plans refer to library rows; retire an exercise by clearing "approved" instead.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(EducationItem)
class EducationItemAdmin(LibraryAdmin):
    list_display = ["title", "category", "slug", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
    list_display = ["name", "kind", "level", "default_dose", "loaded_spinal_flexion", "approved", "easier"]
    list_filter = [
        "approved",
        "kind",
        "level",
        "loaded_spinal_flexion",
        "spinal_flexion",
        "spinal_extension",
        "rotation",
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
    fieldsets = [
        (None, {"fields": [("name", "slug"), ("kind", "level"), "approved"]}),
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
                    ("suits_acute", "suits_subacute", "suits_chronic"),
                ]
            },
        ),
        ("Variants and media", {"fields": ["easier", "media_note"]}),
    ]

    @admin.display(description="default dose")
    def default_dose(self, exercise):
        return exercise.default_dose

    @admin.action(description="Approve the selected exercises for suggestions")
    def approve(self, request, queryset):
        for exercise in queryset:
            exercise.approved = True
            exercise.save(update_fields=["approved", "updated_at"])

    @admin.action(description="Withdraw the selected exercises from suggestions")
    def withdraw(self, request, queryset):
        for exercise in queryset:
            exercise.approved = False
            exercise.save(update_fields=["approved", "updated_at"])


class CauseEvidenceInline(admin.TabularInline):
    model = CauseEvidence
    extra = 1


class CauseContraindicationInline(admin.TabularInline):
    model = CauseContraindication
    extra = 0


class CausePreferredKindInline(admin.TabularInline):
    model = CausePreferredKind
    extra = 0


class CauseEducationInline(admin.TabularInline):
    model = CauseEducation
    extra = 0
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


class AssessmentFindingInline(admin.TabularInline):
    model = AssessmentFinding
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyClinicalAdmin(ClinicScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyClinicalAdmin):
    list_display = ["episode", "kind", "assessed_on", "assessed_by", "stage", "triage_level", "odi_percent"]
    list_filter = ["kind", "triage_level", "stage", "assessed_on"]
    list_select_related = ["episode__patient", "assessed_by"]
    search_fields = ["episode__patient__family_name", "episode__patient__record_number"]
    date_hierarchy = "assessed_on"
    inlines = [AssessmentFindingInline]

    def visible_queryset(self, request):
        return access.assessments_visible_to(request.user)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyClinicalAdmin):
    list_display = ["plan", "number", "approved_at", "approved_by", "review_date"]
    list_select_related = ["plan__episode__patient", "approved_by"]
    search_fields = ["plan__episode__patient__family_name", "plan__episode__patient__record_number"]

    def visible_queryset(self, request):
        return PlanVersion.objects.filter(plan__in=access.plans_visible_to(request.user))
