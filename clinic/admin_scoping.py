"""Admin pages and form fields limited to the rows ``clinic.access`` lets the user see."""

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from clinic import access
from clinic.models import Clinic, full_name_of

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin as _AdminBase
else:
    _AdminBase = object  # a mixin for model admins and inlines

# Django's own tables, which every clinic shares and only superusers edit.
SHARED_DJANGO_MODELS = frozenset({"auth.group", "auth.permission", "contenttypes.contenttype"})


def visible_rows(user, model: type[Model]) -> QuerySet:
    """The rows of ``model`` the user may see or point a form at, as the model's own ``visible_to``
    says. A model without one is an error, so that a new relation cannot leak before someone decides
    who may see it."""
    if model is get_user_model():
        return access.staff_visible_to(user)
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if model._meta.label_lower in SHARED_DJANGO_MODELS:
        return queryset
    raise ImproperlyConfigured(f"{model._meta.label_lower} has no visible_to(user): who may see its rows?")


def _named_staff(formfield, db_field):
    """Staff choices read "First Last", as staff are named everywhere else."""
    if formfield is not None and db_field.related_model is get_user_model():
        formfield.label_from_instance = full_name_of
    return formfield


class GateScopedRelationsMixin(_AdminBase):
    """Every related-row field of an admin form (select, raw id, autocomplete, many-to-many) offers,
    and accepts on save, only the rows ``clinic.access`` lets the user see: a row outside them is a form
    error. A subclass that passes its own, narrower queryset keeps it. Staff are offered by full name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", visible_rows(request.user, db_field.related_model))
        return _named_staff(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", visible_rows(request.user, db_field.related_model))
        return _named_staff(super().formfield_for_manytomany(db_field, request, **kwargs), db_field)


def staff_name_column(field_name: str, description: str):
    """A list column showing the staff member in ``field_name`` by full name."""

    @admin.display(description=description, ordering=f"{field_name}__last_name")
    def column(obj):
        user = getattr(obj, field_name)
        return full_name_of(user) if user is not None else "-"

    column.__name__ = f"{field_name}_full_name"
    return column


class VisibleClinicListFilter(admin.RelatedFieldListFilter):
    """A clinic filter offering only the clinics the user may see, so other clinics' names stay out."""

    def field_choices(self, field, request, model_admin):
        return [(clinic.pk, str(clinic)) for clinic in Clinic.objects.visible_to(request.user)]


class VisibleTherapistListFilter(admin.RelatedFieldListFilter):
    """A therapist filter offering the therapists of the user's clinics, by full name."""

    def field_choices(self, field, request, model_admin):
        return [(user.pk, full_name_of(user)) for user in access.therapists_visible_to(request.user)]


class ClinicScopedAdmin(GateScopedRelationsMixin, SimpleHistoryAdmin):
    """Admin pages limited to what clinic.access lets the user see; anything else is a 404. List
    columns holding a staff member show their full name."""

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        links = set(self.list_display_links or columns[:1])  # the linked columns keep their names
        return [item if item in links else self._staff_by_name(item) for item in columns]

    def _staff_by_name(self, item):
        if not isinstance(item, str):
            return item
        try:
            field = self.model._meta.get_field(item)
        except FieldDoesNotExist:
            return item
        if field.many_to_one and field.related_model is get_user_model():
            return staff_name_column(item, str(field.verbose_name))
        return item

    # An admin whose rows reach their clinic along foreign keys only (one clinic a row) may filter on
    # that path in the list's own query: PostgreSQL can then walk the list's ordering index and stop
    # at a page, where a subquery of the visible ids makes it read every visible row first.
    filter_on_path = False

    def visible_queryset(self, request):
        return visible_rows(request.user, self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if self.filter_on_path:
            return cast("access.VisibleQuerySet[Any]", queryset).visible_to(request.user)
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

    def save_model(self, request, obj, form, change):
        # A revert from the history saves the old copy whole, read-only fields too: keep the saved
        # values of the fields this user may only read.
        if change and not request.user.is_superuser:
            live = type(obj)._default_manager.filter(pk=obj.pk).first()
            concrete = {field.name for field in obj._meta.concrete_fields}
            for name in set(self.get_readonly_fields(request, live)) & concrete:
                setattr(obj, name, getattr(live, name))
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # Clinical and demographic records are archived, never deleted, outside a superuser's care.
        return request.user.is_superuser and super().has_delete_permission(request, obj)
