from django.db import migrations

PERMISSIONS_FOR_GROUP = {
    "Therapists": [
        ("plans", "visit", ("view", "add", "change")),
        ("plans", "prompt", ("view", "change")),
        ("plans", "homelog", ("view",)),
        ("plans", "questionnairerequest", ("view", "add", "change")),
    ],
    "Admin staff": [
        ("plans", "questionnairerequest", ("view", "add")),
    ],
}


def grant(apps, schema_editor):
    from clinic.roles import grant_group_permissions

    grant_group_permissions(apps, PERMISSIONS_FOR_GROUP)


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_visits_prompts_portal")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
