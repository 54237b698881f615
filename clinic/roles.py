"""Staff roles: the permission groups that go with a clinic membership."""

from django.contrib.auth.models import Group
from django.db import transaction

from clinic.access import LIBRARY_EDITORS_GROUP, forget_access
from clinic.models import Clinic, Membership

GROUP_FOR_ROLE: dict[str, str] = {
    Membership.Role.THERAPIST: "Therapists",
    Membership.Role.CLINICAL_LEAD: "Clinical leads",
    Membership.Role.ADMIN_STAFF: "Admin staff",
    Membership.Role.PRACTICE_MANAGER: "Practice managers",
}

# Model permissions of each group in the Django admin, as (app_label, model, actions). The admin pages
# narrow them further through clinic.access (which rows, which fields, whose account). A data migration
# holds a snapshot of this table; change both together.
_APPOINTMENTS = ("patients", "appointment", ("view", "add", "change"))
_CLINICAL_RECORDS = [
    _APPOINTMENTS,
    ("patients", "patient", ("view", "add", "change")),
    ("patients", "episode", ("view", "add", "change")),
    ("plans", "assessment", ("view", "add", "change")),
    ("plans", "plan", ("view", "add", "change")),
    ("plans", "planversion", ("view", "add")),
    ("plans", "visit", ("view", "add", "change")),
    ("plans", "prompt", ("view", "change")),
    ("plans", "referral", ("view",)),
    ("plans", "holdoverride", ("view",)),
    ("plans", "homelog", ("view",)),
    ("plans", "questionnairerequest", ("view", "add", "change")),
    ("plans", "exercise", ("view",)),
    ("plans", "cause", ("view",)),
    ("plans", "educationitem", ("view",)),
]
# The interventions a visit may record: a clinical lead adds the clinic's own (the admin page lets them
# change only their clinics' rows, never the shared ones); therapists read the list.
_INTERVENTION_TYPES_READ = ("plans", "interventiontype", ("view",))
_INTERVENTION_TYPES_KEPT = ("plans", "interventiontype", ("view", "add", "change"))
_FRONT_DESK = [
    _APPOINTMENTS,
    ("clinic", "clinic", ("view",)),
    ("patients", "patient", ("view", "add", "change")),
    ("plans", "questionnairerequest", ("view", "add")),
]
PERMISSIONS_FOR_GROUP: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "Therapists": [("clinic", "clinic", ("view",)), *_CLINICAL_RECORDS, _INTERVENTION_TYPES_READ],
    # The clinic's clinical thresholds: ClinicAdmin lets leads change only those fields.
    "Clinical leads": [
        ("clinic", "clinic", ("view", "change")),
        *_CLINICAL_RECORDS,
        _INTERVENTION_TYPES_KEPT,
    ],
    "Admin staff": _FRONT_DESK,
    "Practice managers": [
        *_FRONT_DESK,
        ("clinic", "clinic", ("view", "change")),
        ("clinic", "membership", ("view", "add", "change", "delete")),
        ("auth", "user", ("view", "add", "change")),
    ],
    LIBRARY_EDITORS_GROUP: [
        ("plans", "exercise", ("view", "add", "change")),
        ("plans", "educationitem", ("view", "add", "change")),
        ("plans", "cause", ("view", "add", "change")),
        ("plans", "causeevidence", ("view", "add", "change", "delete")),
        ("plans", "causecontraindication", ("view", "add", "change", "delete")),
        ("plans", "causepreferredkind", ("view", "add", "change", "delete")),
        ("plans", "causeeducation", ("view", "add", "change", "delete")),
    ],
}


@transaction.atomic
def sync_user_roles(user) -> None:
    """Give the user the groups and admin-site access that their memberships call for. Library editors
    keep their group (a superuser gives it, apart from any clinic)."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted = {GROUP_FOR_ROLE[role] for role in roles}
    role_groups = Group.objects.filter(name__in=GROUP_FOR_ROLE.values())
    user.groups.remove(*[g for g in role_groups if g.name not in wanted])
    user.groups.add(*[g for g in role_groups if g.name in wanted])
    is_staff = bool(roles) or user.is_superuser or user.groups.filter(name=LIBRARY_EDITORS_GROUP).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    forget_access(user)


@transaction.atomic
def membership_grant(*, user, clinic: Clinic, role: Membership.Role) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, clinic=clinic, role=role)
    sync_user_roles(user)
    return membership


def set_group_permissions(apps, permissions_for_group: dict[str, list[tuple[str, str, tuple[str, ...]]]]):
    """For data migrations: make each listed group hold exactly the listed model permissions."""
    grant_group_permissions(apps, permissions_for_group)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, entries in permissions_for_group.items():
        wanted = permission_model.objects.none()
        for app_label, model, actions in entries:
            wanted |= permission_model.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        group_model.objects.get(name=group_name).permissions.set(wanted)


def grant_group_permissions(apps, permissions_for_group: dict[str, list[tuple[str, str, tuple[str, ...]]]]):
    """For data migrations: create the groups and add the listed model permissions to them."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for group_name, entries in permissions_for_group.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        for app_label, model, actions in entries:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
