from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.models import Clinic, Membership
from clinic.roles import sync_user_roles

User = get_user_model()


class ClinicScopedAdmin(SimpleHistoryAdmin):
    """Admin pages limited to what clinic.access lets the user see; anything else is a 404."""

    def visible_queryset(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=self.visible_queryset(request).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to historical rows when the live row is not in get_queryset();
        # ask the gate first so another clinic's history is a 404 too.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        # Clinical and demographic records are archived, never deleted, outside a superuser's care.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    list_display = ["name", "phone", "staff_count"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "phone", "address"]}),
        (
            "Progress thresholds (published values by default)",
            {
                "fields": [
                    ("nprs_mcid", "odi_mcid", "relative_improvement_percent"),
                    ("plateau_days", "reevaluation_days", "reevaluation_visit_count"),
                    ("subacute_from_days", "chronic_from_days"),
                ]
            },
        ),
    ]

    def visible_queryset(self, request):
        return access.clinics_visible_to(request.user)

    @admin.display(description="staff")
    def staff_count(self, clinic):
        return clinic.memberships.count()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for membership in formset.queryset.model.objects.filter(clinic=form.instance).select_related("user"):
            sync_user_roles(membership.user)


@admin.register(Membership)
class MembershipAdmin(ClinicScopedAdmin):
    list_display = ["user", "user_full_name", "clinic", "role"]
    list_filter = ["role", "clinic"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "clinic__name"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["user"]

    def visible_queryset(self, request):
        return Membership.objects.filter(clinic__in=access.clinics_visible_to(request.user))

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    @admin.display(description="name", ordering="user__last_name")
    def user_full_name(self, membership):
        return membership.user.get_full_name()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic":
            kwargs["queryset"] = access.clinics_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        sync_user_roles(obj.user)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        sync_user_roles(user)


admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    """Staff and portal accounts of the user's clinics; only superusers grant superuser rights."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", "memberships__clinic"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        clinic_ids = access.access_for(request.user).clinic_ids
        return queryset.filter(
            Q(memberships__clinic_id__in=clinic_ids) | Q(patient_record__clinic_id__in=clinic_ids)
        ).distinct()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such user.")
        return obj

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]
