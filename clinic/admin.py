from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db import transaction
from django.http import Http404, HttpRequest

from clinic import access
from clinic.admin_concurrency import ConcurrentEditAdmin
from clinic.admin_inlines import BoundedTabularInline
from clinic.admin_scoping import ClinicScopedAdmin, GateScopedRelationsMixin, VisibleClinicListFilter
from clinic.admin_thresholds import THRESHOLD_FIELDS, ClinicThresholdsMixin
from clinic.models import Clinic, Membership, full_name_of
from clinic.roles import membership_grant, sync_user_roles

User = get_user_model()


def _sync_roles_of(user_ids) -> None:
    for user in User.objects.filter(pk__in={pk for pk in user_ids if pk is not None}):
        sync_user_roles(user)


class MembershipForm(forms.ModelForm):
    """A role may be given only by someone allowed to give it (``access.can_manage_account``)."""

    request = None  # set by the admin that builds the form

    class Meta:
        model = Membership
        fields = ["user", "clinic", "role"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        user, clinic, role = cleaned.get("user"), cleaned.get("clinic"), cleaned.get("role")
        if user is None or clinic is None or not role or self.request is None:
            return cleaned
        manager = self.request.user
        if role not in access.grantable_roles(manager, clinic.pk):
            self.add_error("role", "You cannot give this role at this clinic: it holds more than you do.")
        elif not access.can_manage_account(manager, user, adding=((clinic.pk, role),)):
            self.add_error(
                "user", "You cannot change this person's roles: their access is more than yours to give."
            )
        return cleaned


class ManagedMembershipsMixin:
    """Memberships are kept by practice managers of the clinic (and superusers), for people whose whole
    access they could grant; nobody but a superuser changes their own."""

    def _may_manage(self, request, membership) -> bool:
        if membership is None:
            return access.access_for(request.user).is_practice_manager
        return access.can_manage_account(request.user, membership.user)


class MembershipInline(GateScopedRelationsMixin, ManagedMembershipsMixin, BoundedTabularInline):
    """The clinic's staff: editable by its practice managers, read-only to other staff."""

    model = Membership
    form = MembershipForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("BoundMembershipForm", (formset.form,), {"request": request})
        return formset

    def get_autocomplete_fields(self, request):
        # The autocomplete endpoint would list the user admin's rows, not the users one may manage.
        return ["user"] if request.user.is_superuser else []

    def get_queryset(self, request):
        # A practice manager edits here the rows they may manage; the clinic page lists all the staff.
        queryset = super().get_queryset(request).select_related("user", "clinic")
        if request.user.is_superuser or not access.access_for(request.user).is_practice_manager:
            return queryset
        return queryset.filter(
            user_id__in=access.manageable_user_ids(request.user, queryset.values_list("user_id", flat=True))
        )

    def _manages_clinic(self, request, clinic) -> bool:
        return request.user.is_superuser or (
            clinic is not None and clinic.pk in access.access_for(request.user).manager_clinic_ids
        )

    def has_view_permission(self, request, obj=None):
        return access.is_clinic_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return self._manages_clinic(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._manages_clinic(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._manages_clinic(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = access.manageable_users(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


CONTACT_FIELDS = ("name", "letterhead", "phone", "email", "address")
SECURITY_FIELDS = ("idle_logout_minutes",)


@admin.register(Clinic)
class ClinicAdmin(ClinicThresholdsMixin, ConcurrentEditAdmin, ClinicScopedAdmin):
    """Contact details, the idle log-off time and staffing are the practice manager's; the clinical
    thresholds are the clinical lead's. Everyone else on the staff reads the page."""

    list_display = ["name", "phone", "staff_count"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": CONTACT_FIELDS}),
        ("Staff", {"fields": ["staff_list"]}),
        (
            "Progress thresholds (published values by default; set by the clinical lead)",
            {
                "fields": [
                    ("nprs_mcid", "odi_mcid", "relative_improvement_percent"),
                    ("plateau_window_days", "plateau_days"),
                    ("reevaluation_days", "reevaluation_visit_count"),
                    ("subacute_from_days", "chronic_from_days"),
                ]
            },
        ),
        ("Security (set by the practice manager)", {"fields": SECURITY_FIELDS}),
    ]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        user_access = access.access_for(request.user)
        editors = user_access.manager_clinic_ids | user_access.lead_clinic_ids
        allowed = bool(editors) if obj is None else obj.pk in editors
        return allowed and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return ["staff_list"]
        user_access = access.access_for(request.user)
        readonly = ["staff_list"]
        if obj.pk not in user_access.manager_clinic_ids:
            readonly += CONTACT_FIELDS + SECURITY_FIELDS
        if not access.may_set_thresholds(request.user, obj):
            readonly += THRESHOLD_FIELDS
        return readonly

    @admin.display(description="everyone on the staff")
    def staff_list(self, clinic):
        if clinic.pk is None:
            return "-"
        roles: dict[str, list[str]] = {}
        memberships = clinic.memberships.select_related("user").order_by("user__last_name", "user__username")
        for membership in memberships:
            name = full_name_of(membership.user)
            roles.setdefault(name, []).append(membership.get_role_display())
        return "; ".join(f"{name} ({', '.join(held)})" for name, held in roles.items()) or "nobody yet"

    @admin.display(description="staff")
    def staff_count(self, clinic):
        return clinic.memberships.values("user").distinct().count()

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
class MembershipAdmin(ManagedMembershipsMixin, ClinicScopedAdmin):
    """Staffing of the user's clinics, kept by their practice managers (see ``MembershipForm``)."""

    form = MembershipForm
    list_display = ["user_full_name", "username", "clinic", "role"]
    list_filter = ["role", ("clinic", VisibleClinicListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "clinic__name"]
    list_select_related = ["user", "clinic"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type("BoundMembershipForm", (form,), {"request": request})

    def get_autocomplete_fields(self, request):
        # The autocomplete endpoint would list the user admin's rows, not the users one may manage.
        return ["user"] if request.user.is_superuser else []

    def has_add_permission(self, request):
        return self._may_manage(request, None) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request, obj) and admin.ModelAdmin.has_delete_permission(self, request, obj)

    @admin.display(description="name", ordering="user__last_name")
    def user_full_name(self, membership):
        return full_name_of(membership.user)

    @admin.display(description="login", ordering="user__username")
    def username(self, membership):
        return membership.user.username

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = Clinic.objects.filter(
                pk__in=access.access_for(request.user).manager_clinic_ids
            )
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


class StaffAccountCreationForm(AdminUserCreationForm):
    """A practice manager creates an account with its first role at one of their clinics, in one step,
    so no account is ever left without a clinic."""

    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none())
    role = forms.ChoiceField(choices=Membership.Role.choices)

    request: HttpRequest  # set by the admin that builds the form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        manager = self.request.user
        clinic_field = cast(forms.ModelChoiceField, self.fields["clinic"])
        clinic_field.queryset = Clinic.objects.filter(pk__in=access.access_for(manager).manager_clinic_ids)
        clinic_field.help_text = "The clinic this person works at."

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        clinic, role = cleaned.get("clinic"), cleaned.get("role")
        if clinic is not None and role and role not in access.grantable_roles(self.request.user, clinic.pk):
            self.add_error("role", "You cannot give this role at this clinic: it holds more than you do.")
        return cleaned


admin.site.unregister(User)


@admin.register(User)
class ClinicUserAdmin(GateScopedRelationsMixin, UserAdmin):
    """Staff accounts, kept by superusers and the practice managers of the staff's clinics. A practice
    manager changes (password, e-mail, names, active) only accounts whose whole access they could grant
    themselves (``access.can_manage_account``); the others they may read. Patients' portal logins are
    kept from the patient's portal-access page, not here."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", ("memberships__clinic", VisibleClinicListFilter)]
    manager_add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("First role", {"fields": ("clinic", "role")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Superuser accounts are kept by superusers: whoever could reset their password would be one.
        return queryset.filter(pk__in=access.staff_visible_to(request.user).values("pk")).exclude(
            is_superuser=True
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such user.")
        return obj

    def has_view_permission(self, request, obj=None):
        return access.access_for(request.user).is_practice_manager and super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return access.access_for(request.user).is_practice_manager and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if not access.access_for(request.user).is_practice_manager:
            return False
        if obj is not None and not access.can_manage_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None and not request.user.is_superuser:
            return self.manager_add_fieldsets
        return super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = type(
                "BoundStaffAccountCreationForm", (StaffAccountCreationForm,), {"request": request}
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and "clinic" in form.cleaned_data:
            membership_grant(user=obj, clinic=form.cleaned_data["clinic"], role=form.cleaned_data["role"])

    def response_add(self, request, obj, post_url_continue=None):
        if not request.user.is_superuser:
            messages.success(request, f"The account {obj.username} was created with its first role.")
        return super().response_add(request, obj, post_url_continue)
