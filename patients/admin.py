from django.contrib import admin
from django.db import transaction

from clinic import access, dates
from clinic.admin_concurrency import ConcurrentEditAdmin
from clinic.admin_scoping import ClinicScopedAdmin, VisibleClinicListFilter, VisibleTherapistListFilter
from clinic.models import Clinic, full_name_of
from patients import services
from patients.admin_forms import PatientAdminForm
from patients.audit import RecordAccessAdminMixin
from patients.models import Episode, Patient, RecordAccess


@admin.register(Patient)
class PatientAdmin(RecordAccessAdminMixin, ConcurrentEditAdmin, ClinicScopedAdmin):
    form = PatientAdminForm
    # Seven narrow columns fit a 1,280 px screen beside the filters; the rest is on the patient's page.
    list_display = [
        "record_number",
        "name",
        "born",
        "phone",
        "therapist",
        "is_active",
        "has_portal_account",
    ]
    list_filter = [
        "is_active",
        ("clinic", VisibleClinicListFilter),
        ("primary_therapist", VisibleTherapistListFilter),
    ]
    search_fields = ["record_number"]  # the search box; get_search_results does the matching
    search_help_text = "Name in any order, record number, date of birth, phone or e-mail."
    list_select_related = ["clinic", "primary_therapist", "portal_user"]
    actions = ["archive", "restore"]
    fieldsets = [
        (None, {"fields": ["clinic", "record_number", "is_active"]}),
        ("Person", {"fields": [("given_name", "family_name"), ("date_of_birth", "sex"), ("email", "phone")]}),
        ("Care team and portal", {"fields": ["primary_therapist", "portal_user"]}),
    ]

    def get_autocomplete_fields(self, request):
        return ["portal_user"] if request.user.is_superuser else []

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if Clinic.objects.visible_to(request.user).count() > 1:
            return [*columns[:3], "clinic", *columns[3:]]
        return columns

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"date_format": access.date_format_for(request.user)})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if access.therapists_visible_to(request.user).filter(pk=request.user.pk).exists():
            initial.setdefault("primary_therapist", request.user.pk)
        return initial

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term, date_format=access.date_format_for(request.user)), False

    def save_model(self, request, obj, form, change):
        if not change and not obj.record_number.strip():
            with transaction.atomic():
                obj.record_number = services.record_number_next(clinic=obj.clinic)
                super().save_model(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)

    @admin.display(description="name", ordering="family_name")
    def name(self, patient):
        return f"{patient.family_name}, {patient.given_name}"

    @admin.display(description="born", ordering="date_of_birth")
    def born(self, patient):
        return patient.date_of_birth.strftime(dates.output_format(patient.clinic.date_format))

    @admin.display(description="therapist", ordering="primary_therapist__last_name")
    def therapist(self, patient):
        return full_name_of(patient.primary_therapist) if patient.primary_therapist else "-"

    def get_readonly_fields(self, request, obj=None):
        # Portal logins are given and taken back on the patient's portal-access page, which sends the
        # invitation; linking any account here would hand a stranger the patient's record.
        return [] if request.user.is_superuser else ["portal_user"]

    @admin.display(boolean=True, description="portal")
    def has_portal_account(self, patient):
        return patient.portal_user_id is not None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic":
            kwargs["queryset"] = Clinic.objects.visible_to(request.user)
        elif db_field.name == "portal_user":
            kwargs["queryset"] = access.portal_account_candidates()
        elif db_field.name == "primary_therapist":
            kwargs["queryset"] = access.therapists_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Archive the selected patients", permissions=["change"])
    def archive(self, request, queryset):
        for patient in queryset:
            patient.is_active = False
            patient.save(update_fields=["is_active", "updated_at", "version"])

    @admin.action(description="Restore the selected patients", permissions=["change"])
    def restore(self, request, queryset):
        for patient in queryset:
            patient.is_active = True
            patient.save(update_fields=["is_active", "updated_at", "version"])


@admin.register(Episode)
class EpisodeAdmin(RecordAccessAdminMixin, ConcurrentEditAdmin, ClinicScopedAdmin):
    list_display = ["patient", "region", "onset_date", "onset", "mechanism", "status", "is_active"]
    list_filter = ["status", "region", "onset", "is_active"]
    search_fields = ["patient__record_number", "patient__family_name", "patient__given_name"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]
    show_full_result_count = False  # one count of every episode per page is enough
    filter_on_path = True

    def get_readonly_fields(self, request, obj=None):
        # An episode's records belong to its patient: it is never moved to another.
        return ["patient"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "patient":
            kwargs["queryset"] = Patient.objects.visible_to(request.user, clinical=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RecordAccess)
class RecordAccessAdmin(admin.ModelAdmin):
    """The read audit, for superusers only; nobody adds, changes or deletes its rows."""

    list_display = ["accessed_at", "user", "patient", "kind", "record_type", "record_id", "path"]
    list_filter = ["kind", ("user", admin.RelatedOnlyFieldListFilter), "accessed_at"]
    list_select_related = ["user", "patient"]
    search_fields = [
        "patient__record_number",
        "patient__given_name",
        "patient__family_name",
        "user__username",
        "user__first_name",
        "user__last_name",
    ]
    date_hierarchy = "accessed_at"
    show_full_result_count = False  # the log grows without end; a COUNT(*) on every page would too
    actions = None

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
