from django.db import migrations

# Therapists own the clinical record; admin staff keep the library (causes, exercises, education).
PERMISSIONS_FOR_GROUP = {
    "Therapists": [
        ("plans", "assessment", ("view", "add", "change")),
        ("plans", "plan", ("view", "add", "change")),
        ("plans", "planversion", ("view", "add")),
        ("plans", "exercise", ("view",)),
        ("plans", "cause", ("view",)),
        ("plans", "educationitem", ("view",)),
    ],
    "Admin staff": [
        ("plans", "exercise", ("view", "add", "change")),
        ("plans", "educationitem", ("view", "add", "change")),
        ("plans", "cause", ("view", "add", "change")),
        ("plans", "causeevidence", ("view", "add", "change", "delete")),
        ("plans", "causecontraindication", ("view", "add", "change", "delete")),
        ("plans", "causepreferredkind", ("view", "add", "change", "delete")),
        ("plans", "causeeducation", ("view", "add", "change", "delete")),
    ],
}


def grant(apps, schema_editor):
    from clinic.roles import grant_group_permissions

    grant_group_permissions(apps, PERMISSIONS_FOR_GROUP)


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_seed_library"), ("clinic", "0002_role_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
