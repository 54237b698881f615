"""The library (causes, exercises, education) is shared by every clinic: superusers and library
editors keep it here, and each change says which clinics it reaches. Clinical records
(assessments, plans, visits, prompts, home logs, questionnaires) are shown read-only, with their
history, to therapists of the patient's clinic for audit; they are written only through the product's
pages. Admin staff see none of them, not even the list."""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from clinic import access
from clinic.admin_inlines import BoundedTabularInline
from clinic.admin_scoping import ClinicScopedAdmin, GateScopedRelationsMixin, VisibleClinicListFilter
from patients.audit import RecordAccessAdminMixin
from patients.models import Episode, Patient
from plans.admin_appointments import AppointmentAdmin
from plans.admin_interventions import InterventionTypeAdmin
from plans.admin_library import ExerciseAdmin, LibraryAdmin, LibraryEditorsOnly
from plans.models import (
    Assessment,
    AssessmentFinding,
    Cause,
    CauseContraindication,
    CauseEducation,
    CauseEvidence,
    CausePreferredKind,
    EducationItem,
    HoldOverride,
    HomeLog,
    PlanVersion,
    Prompt,
    QuestionnaireRequest,
    Referral,
    Visit,
    VisitExercise,
    VisitFinding,
    VisitIntervention,
)
from plans.services.caseload_state import caseload_state_kept

# The library's admin base and the exercise admin live in plans/admin_library.py, the appointments
# and who is coming in plans/admin_appointments.py, the intervention types in admin_interventions.py.
__all__ = ["AppointmentAdmin", "ExerciseAdmin", "InterventionTypeAdmin", "LibraryAdmin", "LibraryEditorsOnly"]


@admin.register(EducationItem)
class EducationItemAdmin(LibraryAdmin):
    plan_item_path = "education__item"
    list_display = ["title", "category", "slug", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}


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
    permission), never added or changed here; deleting is left to superusers (``ClinicScopedAdmin``).
    Each list orders by an indexed column of its own table (a model's ordering by its episode or plan
    would sort every row), and counts its rows once: the records grow without end.

    The search box finds the patient as the patient list does (``Patient.search``: names in any order,
    record number, date of birth, phone, e-mail; the trigram indexes), then the rows of that
    patient's episodes; the search fields that are not the patient's still match as Django's do."""

    show_full_result_count = False
    filter_on_path = True
    episode_path = "episode"  # how a row reaches its episode
    search_help_text = "The patient's name in any order, record number or date of birth, or its own words."

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        patients = Patient.objects.search(search_term, date_format=access.date_format_for(request.user))
        episodes = Episode.objects.filter(patient__in=patients.values("pk")).values("pk")
        rows = self.model._default_manager.order_by()
        matches = rows.filter(**{f"{self.episode_path}__in": episodes}).values("pk")
        own = [field for field in self.get_search_fields(request) if "__patient__" not in field]
        if own:
            # A UNION, not an OR: PostgreSQL answers each half from its own index, where an OR of the
            # two reads every row.
            matches = matches.union(self._own_matches(rows, own, search_term).values("pk"))
        return queryset.filter(pk__in=matches), False

    def _own_matches(self, rows, fields, search_term):
        """The rows whose own search fields hold every word: columns of the row (trigram indexes,
        plans 0037), or of one related table (a visit's recorder), whose matching rows are looked up
        first, so that the planner sees the real number of ids on an indexed foreign key rather than
        guessing from a join."""
        relation = fields[0].split("__")[0]
        through_relation = all(field.startswith(f"{relation}__") for field in fields)
        if through_relation:
            fields = [field.removeprefix(f"{relation}__") for field in fields]
        every_word = Q()
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            every_word &= reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
        if not through_relation:
            return rows.filter(every_word)
        related = self.model._meta.get_field(relation).related_model._default_manager
        return rows.filter(
            **{f"{relation}__in": list(related.filter(every_word).values_list("pk", flat=True))}
        )

    def has_view_permission(self, request, obj=None):
        return access.is_therapist(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # A superuser's delete (the delete page and the "delete selected" action) refreshes the caseload
    # state of the rows' episodes in its transaction, as the services do for every other write. The
    # rows a delete cascades to (a visit's findings, exercises and interventions, an assessment's
    # findings, a plan version's contents, a home log's ticks) have no episode of their own, and
    # every other reference to a clinical row protects it, so the rows' own episodes are the ones
    # whose state changes. Deleting an episode or a patient needs nothing: every clinical row
    # protects its episode, and the episode, with its state, is the patient's.
    def delete_model(self, request, obj):
        rows = self.model._default_manager.filter(pk=obj.pk)
        with caseload_state_kept(episode_ids=self._episode_ids(rows)):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with caseload_state_kept(episode_ids=self._episode_ids(queryset)):
            super().delete_queryset(request, queryset)

    def _episode_ids(self, rows) -> list[int]:
        return list(rows.order_by().values_list(self.episode_path, flat=True).distinct())

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
    search_fields = PATIENT_SEARCH_FIELDS
    date_hierarchy = "assessed_on"
    inlines = [AssessmentFindingInline]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyClinicalAdmin):
    list_display = ["plan", "number", "approved_at", "approved_by", "review_date"]
    ordering = ("-approved_at", "-id")
    list_select_related = ["plan__episode__patient", "approved_by"]
    search_fields = ["plan__episode__patient__record_number"]  # the search box: the patient's search
    episode_path = "plan__episode"


class VisitFindingInline(ReadOnlyClinicalInline):
    model = VisitFinding
    fields = ["code"]


class VisitExerciseInline(ReadOnlyClinicalInline):
    model = VisitExercise
    fields = ["exercise", "sets", "reps", "hold_seconds", "load"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exercise")


class VisitInterventionInline(ReadOnlyClinicalInline):
    model = VisitIntervention
    fields = ["intervention_type", "minutes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("intervention_type")


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
    ordering = ("-visit_date", "-visit_time", "-id")
    list_filter = ["status", "patient_rating", "visit_date", CLINIC_FILTER]
    list_select_related = ["episode__patient", "recorded_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "recorded_by__username", "recorded_by__last_name"]
    # No date_hierarchy: its list of years is a DISTINCT over every visit that no index can answer
    # (date_trunc of a date is not immutable); the visit_date filter covers the same ground.
    inlines = [VisitFindingInline, VisitExerciseInline, VisitInterventionInline]


@admin.register(Prompt)
class PromptAdmin(ReadOnlyClinicalAdmin):
    list_display = ["__str__", "patient", "kind", "level", "status", "resolved_by", "resolved_at"]
    ordering = ("-created_at", "-id")
    list_filter = ["status", "kind", "level", CLINIC_FILTER]
    list_select_related = ["episode__patient", "visit", "resolved_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "message", "dismissal_reason"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyClinicalAdmin):
    list_display = ["referred_at", "patient", "referred_to", "urgency", "recorded_by"]
    ordering = ("-referred_at", "-id")  # few rows: no index of its own
    list_filter = ["urgency", CLINIC_FILTER]
    list_select_related = ["episode__patient", "recorded_by"]
    search_fields = [*PATIENT_SEARCH_FIELDS, "referred_to", "note"]


@admin.register(HoldOverride)
class HoldOverrideAdmin(ReadOnlyClinicalAdmin):
    list_display = ["created_at", "patient", "level", "overridden_by"]
    ordering = ("-created_at", "-id")  # few rows: no index of its own
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
    # No date_hierarchy, as for visits: the done_on filter instead.

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
    ordering = ("-created_at", "-id")
    list_filter = ["status", "startback_risk", "include_odi", "include_startback", CLINIC_FILTER]
    list_select_related = ["episode__patient", "requested_by"]
    search_fields = PATIENT_SEARCH_FIELDS
    date_hierarchy = "created_at"
