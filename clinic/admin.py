from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.admin_inlines import BoundedTabularInline
from clinic.models import Clinic, Membership
from clinic.roles import sync_user_roles

User = get_user_model()


def _is_own_membership(request, membership) -> bool:
    return membership is not None and not request.user.is_superuser and membership.user_id == request.user.pk


def _sync_roles_of(user_ids) -> None:
    for user in User.objects.filter(pk__in={pk for pk in user_ids if pk is not None}):
        sync_user_roles(user)


class VisibleClinicListFilter(admin.RelatedFieldListFilter):
    """A clinic filter offering only the clinics the user may see, so other clinics' names stay out."""

    def field_choices(self, field, request, model_admin):
        return [(clinic.pk, str(clinic)) for clinic in access.clinics_visible_to(request.user)]


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
        obj = self.get_object(request, object_id)
        # simple-history saves a POSTed old version ("revert") after checking only the view permission.
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        # Clinical and demographic records are archived, never deleted, outside a superuser's care.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class MembershipInline(BoundedTabularInline):
    """The clinic's staff. A non-superuser's own row is left out: they cannot change or remove it here
    (the membership list shows it to them, read-only)."""

    model = Membership
    extra = 0

    def get_autocomplete_fields(self, request):
        # The autocomplete endpoint would list the user admin's rows, not the users one may manage.
        return ["user"] if request.user.is_superuser else []

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return queryset
        return queryset.exclude(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = access.manageable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)

        # Whoever was on the staff before (removed, or replaced on a row) and whoever is on it now.
        def members():
            return set(Membership.objects.filter(clinic=form.instance).values_list("user_id", flat=True))

        before = members()
        super().save_formset(request, form, formset, change)
        _sync_roles_of(before | members())


@admin.register(Membership)
class MembershipAdmin(ClinicScopedAdmin):
    """Staffing of the user's clinics. Only superusers change their own membership, and only accounts
    the user may manage (see ``access.manageable_users``) can be given a membership."""

    list_display = ["user", "user_full_name", "clinic", "role"]
    list_filter = ["role", ("clinic", VisibleClinicListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "clinic__name"]
    list_select_related = ["user", "clinic"]

    def visible_queryset(self, request):
        return Membership.objects.filter(clinic__in=access.clinics_visible_to(request.user))

    def get_autocomplete_fields(self, request):
        # The autocomplete endpoint would list the user admin's rows, not the users one may manage.
        return ["user"] if request.user.is_superuser else []

    def has_change_permission(self, request, obj=None):
        if _is_own_membership(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _is_own_membership(request, obj):
            return False
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    @admin.display(description="name", ordering="user__last_name")
    def user_full_name(self, membership):
        return membership.user.get_full_name()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic":
            kwargs["queryset"] = access.clinics_visible_to(request.user)
        elif db_field.name == "user":
            kwargs["queryset"] = access.manageable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A membership moved to another account leaves the previous one without this role.
        previous_user_id = (
            Membership.objects.filter(pk=obj.pk).values_list("user_id", flat=True).first() if change else None
        )
        super().save_model(request, obj, form, change)
        _sync_roles_of({obj.user_id, previous_user_id})

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        sync_user_roles(user)

    def delete_queryset(self, request, queryset):
        user_ids = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        _sync_roles_of(user_ids)


admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    """Staff and portal accounts of the user's clinics; only superusers grant superuser rights."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", ("memberships__clinic", VisibleClinicListFilter)]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        clinic_ids = access.access_for(request.user).clinic_ids
        # Superuser accounts are kept by superusers: whoever could reset their password would be one.
        return (
            queryset.filter(
                Q(memberships__clinic_id__in=clinic_ids) | Q(patient_record__clinic_id__in=clinic_ids)
            )
            .exclude(is_superuser=True)
            .distinct()
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such user.")
        return obj

    def response_add(self, request, obj, post_url_continue=None):
        # A new account has no clinic yet, so it is outside what admin staff see: take them straight
        # to giving it a role in one of their clinics.
        if request.user.is_superuser:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request, f"The account {obj.username} was created: now give it a role in your clinic."
        )
        return redirect(f"{reverse('admin:clinic_membership_add')}?user={obj.pk}")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]
