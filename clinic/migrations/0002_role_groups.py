from django.db import migrations

# A snapshot of the role permissions when this migration was written; later migrations add to it.
PERMISSIONS_FOR_GROUP = {
    "Therapists": [
        ("clinic", "clinic", ("view",)),
        ("patients", "patient", ("view", "add", "change")),
        ("patients", "episode", ("view", "add", "change")),
    ],
    "Admin staff": [
        ("clinic", "clinic", ("view", "change")),
        ("clinic", "membership", ("view", "add", "change", "delete")),
        ("auth", "user", ("view", "add", "change")),
        ("patients", "patient", ("view", "add", "change")),
    ],
}


def create_role_groups(apps, schema_editor):
    from clinic.roles import grant_group_permissions

    grant_group_permissions(apps, PERMISSIONS_FOR_GROUP)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS_FOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0001_initial"),
        ("patients", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
