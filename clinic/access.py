"""The one place that decides who may see what.

Every view, queryset, form choice and admin page asks this module. Rules:
- superusers see everything;
- clinic staff (every role) see the patients of the clinics they belong to;
- only therapists and clinical leads (and superusers) see clinical records: episodes, assessments,
  plans, visits;
- only practice managers (and superusers) manage staff accounts and roles, never giving more access
  than they hold (``can_manage_account``); only superusers and library editors change the library;
- a patient (portal) account sees nothing of the staff side, only its own record in the portal.
Rows outside what a user may see are simply absent from their querysets, so a view answers 404
rather than a 403 that would confirm the row exists. Each model's queryset applies these rules with
``visible`` (or ``VisibleQuerySet``) along its own lookup path, so this module names no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, ClassVar, Self, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from clinic.dates import DateFormat
from clinic.models import Clinic, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


Role = Membership.Role
_M = TypeVar("_M", bound=Model)
_Rows = TypeVar("_Rows", bound=QuerySet)

# What each role may do at its clinic. A role may be granted only by someone who can do all of it there.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.THERAPIST: frozenset({"demographics", "clinical"}),
    Role.CLINICAL_LEAD: frozenset(
        {"demographics", "clinical", "thresholds", "amend_colleagues", "intervention_types"}
    ),
    Role.ADMIN_STAFF: frozenset({"demographics", "portal"}),
    Role.PRACTICE_MANAGER: frozenset({"demographics", "portal", "accounts"}),
}

LIBRARY_EDITORS_GROUP = "Library editors"


@dataclass(frozen=True)
class Access:
    is_superuser: bool
    roles: frozenset[tuple[int, str]] = frozenset()

    def clinics_with(self, *roles: str) -> frozenset[int]:
        return frozenset(clinic_id for clinic_id, role in self.roles if role in roles)

    def capabilities_at(self, clinic_id: int) -> frozenset[str]:
        return frozenset().union(*(CAPABILITIES[role] for cid, role in self.roles if cid == clinic_id))

    @property
    def clinic_ids(self) -> frozenset[int]:
        return frozenset(clinic_id for clinic_id, _ in self.roles)

    @property
    def therapist_clinic_ids(self) -> frozenset[int]:
        return self.clinics_with(*Membership.CLINICAL_ROLES)

    @property
    def lead_clinic_ids(self) -> frozenset[int]:
        return self.clinics_with(Role.CLINICAL_LEAD)

    @property
    def manager_clinic_ids(self) -> frozenset[int]:
        return self.clinics_with(Role.PRACTICE_MANAGER)

    @property
    def is_clinic_staff(self) -> bool:
        return self.is_superuser or bool(self.roles)

    @property
    def is_therapist(self) -> bool:
        return self.is_superuser or bool(self.therapist_clinic_ids)

    @property
    def is_practice_manager(self) -> bool:
        return self.is_superuser or bool(self.manager_clinic_ids)


_NO_ACCESS = Access(is_superuser=False)


def access_for(user: User | AnonymousUser) -> Access:
    """What the user may reach; computed once per user object (one query)."""
    if not user.is_authenticated or not user.is_active:
        return _NO_ACCESS
    cached = getattr(user, "_upright_access", None)
    if cached is not None:
        return cached
    access = Access(
        is_superuser=user.is_superuser,
        roles=frozenset(Membership.objects.filter(user=user).values_list("clinic_id", "role")),
    )
    user.__dict__["_upright_access"] = access
    return access


def forget_access(user) -> None:
    """Drop the cached access after the user's memberships changed."""
    user.__dict__.pop("_upright_access", None)


def is_clinic_staff(user) -> bool:
    return access_for(user).is_clinic_staff


def is_therapist(user) -> bool:
    return access_for(user).is_therapist


def portal_patient_of(user: User | AnonymousUser) -> Model | None:
    """The active patient whose portal login ``user`` is, if any (read from the user's one-to-one,
    which Django caches on the user object). An archived patient's login sees nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    patient = getattr(user, "patient_record", None)
    return patient if patient is not None and getattr(patient, "is_active", False) else None


def visible(
    queryset: _Rows,
    user: User | AnonymousUser,
    *,
    clinic: str,
    patient: str | None = None,
    clinical: bool = True,
) -> _Rows:
    """The rows of ``queryset`` the user may see, for rows that reach their clinic along the lookup
    path ``clinic``. Clinic staff see their clinics' rows, or with ``clinical`` only therapists and
    leads do; a portal account sees the rows of its own patient, reached along ``patient``, and only
    when ``patient`` is given (the rows the portal shows); anyone else sees none."""
    access = access_for(user)
    if access.is_superuser:
        return queryset
    if access.roles:
        clinic_ids = access.therapist_clinic_ids if clinical else access.clinic_ids
        return queryset.filter(**{f"{clinic}__in": clinic_ids})
    if patient is None or (own_patient := portal_patient_of(user)) is None:
        return queryset.none()
    return queryset.filter(**{patient: own_patient.pk})


class VisibleQuerySet(QuerySet[_M]):
    """A queryset of clinic-owned rows: each names how its rows reach their clinic (and, for rows the
    portal shows, their patient), and ``visible_to`` applies the one rule along that path."""

    clinic_path: ClassVar[str]
    patient_path: ClassVar[str | None] = None
    clinical: ClassVar[bool] = True

    def visible_to(self, user: User | AnonymousUser) -> Self:
        return visible(self, user, clinic=self.clinic_path, patient=self.patient_path, clinical=self.clinical)


def home_clinic_for(user) -> Clinic | None:
    """The clinic whose settings apply to what the user asks (their first therapist clinic)."""
    access = access_for(user)
    clinic_ids = sorted(access.therapist_clinic_ids) or sorted(access.clinic_ids)
    if not clinic_ids:
        return None
    return Clinic.objects.filter(id=clinic_ids[0]).first()


def date_format_for(user) -> str:
    """How the user types and reads dates: their home clinic's format."""
    clinic = home_clinic_for(user)
    return clinic.date_format if clinic is not None else DateFormat.DAY_FIRST


def therapists_visible_to(user):
    """Therapist user accounts a user may assign (therapists of the user's clinics)."""
    from django.contrib.auth import get_user_model

    access = access_for(user)
    users = get_user_model().objects.filter(memberships__role__in=Membership.CLINICAL_ROLES)
    if not access.is_superuser:
        users = users.filter(memberships__clinic_id__in=access.clinic_ids)
    return users.distinct().order_by("last_name", "first_name", "username")


def may_set_thresholds(user, clinic: Clinic) -> bool:
    """The clinic's clinical thresholds (MCIDs, re-evaluation and plateau days, stage cut-offs) are a
    clinical decision: its clinical lead's, or a superuser's; never the front desk's or a manager's."""
    access = access_for(user)
    return access.is_superuser or "thresholds" in access.capabilities_at(clinic.pk)


def may_keep_intervention_types(user, clinic_id: int | None) -> bool:
    """A clinic's own intervention types are its clinical lead's to add and change; the shared ones
    (no clinic) a superuser's only."""
    access = access_for(user)
    if access.is_superuser:
        return True
    return clinic_id is not None and "intervention_types" in access.capabilities_at(clinic_id)


def intervention_clinic_ids(user) -> frozenset[int]:
    """The clinics whose intervention types the user keeps (superusers: see ``may_keep_...``)."""
    access = access_for(user)
    return frozenset(cid for cid in access.clinic_ids if "intervention_types" in access.capabilities_at(cid))


def may_amend(user, *, clinic_id: int, recorded_by_id: int) -> bool:
    """A visit or an assessment is corrected by the therapist who recorded it, while a therapist at
    its clinic, or by that clinic's clinical lead (or a superuser); never by a colleague or the front
    desk. The record must already be visible to the user: outsiders get 404 before this is asked."""
    access = access_for(user)
    if access.is_superuser:
        return True
    held = access.capabilities_at(clinic_id)
    return "amend_colleagues" in held or ("clinical" in held and user.pk == recorded_by_id)


def is_library_editor(user) -> bool:
    """Superusers and the library editors keep the exercise library and the cause weights that every
    clinic's suggestions use; no clinic role does."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=LIBRARY_EDITORS_GROUP).exists()


def grantable_roles(manager, clinic_id: int) -> list[str]:
    """The roles a manager may give at a clinic: only as a practice manager there, and only roles whose
    every capability the manager holds there themselves."""
    access = access_for(manager)
    if access.is_superuser:
        return list(Role)
    if clinic_id not in access.manager_clinic_ids:
        return []
    held = access.capabilities_at(clinic_id)
    return [role for role in Role if CAPABILITIES[role] <= held]


def manageable_user_ids(manager, user_ids, *, adding: tuple[tuple[int, str], ...] = ()) -> set[int]:
    """Which of these accounts the manager may change (password, e-mail, names, active) or give roles,
    with ``adding`` the roles about to be given. Never the manager themselves, a superuser, a library
    editor or a patient's portal login (portal access has its own pages), and never an account that
    would hold more access than the manager: every role of the account, at every clinic, must be one
    the manager could grant there. Three queries, whatever the number of accounts."""
    from collections import defaultdict

    from django.contrib.auth import get_user_model
    from django.db.models import Q

    ids = set(user_ids)
    if access_for(manager).is_superuser:
        return ids
    ids.discard(manager.pk)
    blocked = set(
        get_user_model()
        .objects.filter(pk__in=ids)
        .filter(
            Q(is_superuser=True) | Q(groups__name=LIBRARY_EDITORS_GROUP) | Q(patient_record__isnull=False)
        )
        .values_list("pk", flat=True)
    )
    roles: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for user_id, clinic_id, role in Membership.objects.filter(user_id__in=ids).values_list(
        "user_id", "clinic_id", "role"
    ):
        roles[user_id].add((clinic_id, role))
    grantable = {
        clinic_id: set(grantable_roles(manager, clinic_id)) for clinic_id in access_for(manager).clinic_ids
    }
    manageable = set()
    for user_id in ids - blocked:
        held = roles[user_id] | set(adding)
        if held and all(role in grantable.get(clinic_id, ()) for clinic_id, role in held):
            manageable.add(user_id)
    return manageable


def can_manage_account(manager, target, *, adding: tuple[tuple[int, str], ...] = ()) -> bool:
    """One account's case of ``manageable_user_ids``; an account not yet saved is judged by ``adding``."""
    if access_for(manager).is_superuser:
        return True
    if target.pk is None:
        return bool(adding) and all(role in grantable_roles(manager, clinic_id) for clinic_id, role in adding)
    return target.pk in manageable_user_ids(manager, [target.pk], adding=adding)


def staff_visible_to(user):
    """Staff accounts of the user's clinics (for choosing a colleague, and naming who did what)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if access_for(user).is_superuser:
        return users.order_by("username")
    return users.filter(
        pk__in=Membership.objects.filter(clinic_id__in=access_for(user).clinic_ids).values("user_id")
    ).order_by("last_name", "first_name", "username")


def manageable_users(user):
    """The accounts a practice manager may give a role at their clinics: staff of those clinics whose
    whole access the manager could grant (see ``can_manage_account``). Never the manager themselves."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if user.is_superuser:
        return users.order_by("username")
    candidates = Membership.objects.filter(clinic_id__in=access_for(user).manager_clinic_ids).values_list(
        "user_id", flat=True
    )
    return users.filter(pk__in=manageable_user_ids(user, candidates)).order_by("username")


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
