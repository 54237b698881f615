from django.db import migrations

# (In plans, after the role snapshots of plans 0007, which set each group's permissions whole.)
# Every clinic role books appointments and records cancelled or missed visits in the admin. A snapshot
# of the rows added to clinic.roles.PERMISSIONS_FOR_GROUP.
APPOINTMENTS = ("patients", "appointment", ("view", "add", "change"))
PERMISSIONS_FOR_GROUP = {
    "Therapists": [APPOINTMENTS],
    "Clinical leads": [APPOINTMENTS],
    "Admin staff": [APPOINTMENTS],
    "Practice managers": [APPOINTMENTS],
}


def grant(apps, schema_editor):
    from clinic.roles import grant_group_permissions

    grant_group_permissions(apps, PERMISSIONS_FOR_GROUP)


class Migration(migrations.Migration):
    dependencies = [("patients", "0008_appointments"), ("plans", "0025_visit_next_visit_date")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
