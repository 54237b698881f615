"""The one place that decides who may see what.

Every view, queryset, form choice and admin page asks this module. Rules:
- superusers see everything;
- clinic staff (therapists and admin staff) see the patients of the clinics they belong to;
- only therapists (and superusers) see clinical records: episodes, assessments, plans, visits;
- a patient (portal) account sees nothing of the staff side, only its own record in the portal.
Rows outside what a user may see are simply absent from their querysets, so a view answers 404
rather than a 403 that would confirm the row exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from clinic.models import Clinic, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from patients.models import Episode, Patient


@dataclass(frozen=True)
class Access:
    is_superuser: bool
    clinic_ids: frozenset[int]
    therapist_clinic_ids: frozenset[int]

    @property
    def is_clinic_staff(self) -> bool:
        return self.is_superuser or bool(self.clinic_ids)

    @property
    def is_therapist(self) -> bool:
        return self.is_superuser or bool(self.therapist_clinic_ids)


_NO_ACCESS = Access(is_superuser=False, clinic_ids=frozenset(), therapist_clinic_ids=frozenset())


def access_for(user: AbstractBaseUser | AnonymousUser) -> Access:
    """What the user may reach; computed once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return _NO_ACCESS
    cached = getattr(user, "_upright_access", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).values_list("clinic_id", "role"))
    access = Access(
        is_superuser=user.is_superuser,
        clinic_ids=frozenset(clinic_id for clinic_id, _ in memberships),
        therapist_clinic_ids=frozenset(
            clinic_id for clinic_id, role in memberships if role == Membership.Role.THERAPIST
        ),
    )
    user._upright_access = access
    return access


def is_clinic_staff(user) -> bool:
    return access_for(user).is_clinic_staff


def is_therapist(user) -> bool:
    return access_for(user).is_therapist


def clinics_visible_to(user) -> QuerySet[Clinic]:
    access = access_for(user)
    if access.is_superuser:
        return Clinic.objects.all()
    return Clinic.objects.filter(id__in=access.clinic_ids)


def therapist_clinics_for(user) -> QuerySet[Clinic]:
    access = access_for(user)
    if access.is_superuser:
        return Clinic.objects.all()
    return Clinic.objects.filter(id__in=access.therapist_clinic_ids)


def patients_visible_to(user) -> QuerySet[Patient]:
    """Patients whose demographics the user may see (clinic staff of the patient's clinic)."""
    from patients.models import Patient

    access = access_for(user)
    if access.is_superuser:
        return Patient.objects.all()
    return Patient.objects.filter(clinic_id__in=access.clinic_ids)


def clinical_patients_visible_to(user) -> QuerySet[Patient]:
    """Patients whose clinical records the user may see (therapists of the patient's clinic)."""
    from patients.models import Patient

    access = access_for(user)
    if access.is_superuser:
        return Patient.objects.all()
    return Patient.objects.filter(clinic_id__in=access.therapist_clinic_ids)


def episodes_visible_to(user) -> QuerySet[Episode]:
    from patients.models import Episode

    access = access_for(user)
    if access.is_superuser:
        return Episode.objects.all()
    return Episode.objects.filter(patient__clinic_id__in=access.therapist_clinic_ids)


def assessments_visible_to(user):
    from plans.models import Assessment

    return Assessment.objects.filter(episode__in=episodes_visible_to(user))


def visits_visible_to(user):
    from plans.models import Visit

    return Visit.objects.filter(episode__in=episodes_visible_to(user))


def plans_visible_to(user):
    from plans.models import Plan

    return Plan.objects.filter(episode__in=episodes_visible_to(user))


def home_clinic_for(user) -> Clinic | None:
    """The clinic whose settings apply to what the user asks (their first therapist clinic)."""
    access = access_for(user)
    clinic_ids = sorted(access.therapist_clinic_ids) or sorted(access.clinic_ids)
    if not clinic_ids:
        return None
    return Clinic.objects.filter(id=clinic_ids[0]).first()


def therapists_visible_to(user):
    """Therapist user accounts a user may assign (therapists of the user's clinics)."""
    from django.contrib.auth import get_user_model

    access = access_for(user)
    users = get_user_model().objects.filter(memberships__role=Membership.Role.THERAPIST)
    if not access.is_superuser:
        users = users.filter(memberships__clinic_id__in=access.clinic_ids)
    return users.distinct().order_by("last_name", "first_name", "username")


def manageable_users(user):
    """The accounts a staff member may put on, or keep on, the staff of their clinics: the members of
    those clinics, and accounts with no clinic at all that are neither a patient's portal login nor a
    superuser. Never the staff member themselves: nobody but a superuser sets their own role."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects
    if user.is_superuser:
        return users.order_by("username")
    members = Membership.objects.filter(clinic_id__in=access_for(user).clinic_ids).values("user_id")
    unassigned = Q(is_superuser=False, patient_record__isnull=True) & ~Q(
        pk__in=Membership.objects.values("user_id")
    )
    return users.filter(Q(pk__in=members) | unassigned).exclude(pk=user.pk).order_by("username")


def portal_account_candidates():
    """Accounts that may be linked to a patient as their portal login: never staff or a superuser
    (the database allows one patient per login)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=False, memberships__isnull=True).order_by("username")


def _role_required(check: Callable[[object], bool]) -> Callable:
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


clinic_staff_required = _role_required(is_clinic_staff)
therapist_required = _role_required(is_therapist)
