"""Staff roles: the permission groups that go with a clinic membership."""

from django.contrib.auth.models import Group
from django.db import transaction

from clinic.models import Clinic, Membership

GROUP_FOR_ROLE = {
    Membership.Role.THERAPIST: "Therapists",
    Membership.Role.ADMIN_STAFF: "Admin staff",
}

# Model permissions of each role in the Django admin, as (app_label, model, actions).
# Admin staff keep demographics and staffing; they never hold clinical content.
ADMIN_STAFF_PERMISSIONS = [
    ("clinic", "clinic", ("view", "change")),
    ("clinic", "membership", ("view", "add", "change", "delete")),
    ("auth", "user", ("view", "add", "change")),
    ("patients", "patient", ("view", "add", "change")),
]
THERAPIST_PERMISSIONS = [
    ("clinic", "clinic", ("view",)),
    ("patients", "patient", ("view", "add", "change")),
    ("patients", "episode", ("view", "add", "change")),
]
PERMISSIONS_FOR_GROUP = {
    GROUP_FOR_ROLE[Membership.Role.THERAPIST]: THERAPIST_PERMISSIONS,
    GROUP_FOR_ROLE[Membership.Role.ADMIN_STAFF]: ADMIN_STAFF_PERMISSIONS,
}


@transaction.atomic
def sync_user_roles(user) -> None:
    """Give the user the groups and admin-site access that their memberships call for."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted = {GROUP_FOR_ROLE[role] for role in roles}
    role_groups = Group.objects.filter(name__in=GROUP_FOR_ROLE.values())
    user.groups.remove(*[g for g in role_groups if g.name not in wanted])
    user.groups.add(*[g for g in role_groups if g.name in wanted])
    is_staff = bool(roles) or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_grant(*, user, clinic: Clinic, role: Membership.Role) -> Membership:
    membership, _ = Membership.objects.update_or_create(user=user, clinic=clinic, defaults={"role": role})
    sync_user_roles(user)
    return membership


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
