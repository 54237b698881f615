from django.db import migrations

# Therapists and clinical leads read referrals and overrides (and their history) in the admin; they
# are recorded on the pages only. A snapshot of the rows added to clinic.roles._CLINICAL_RECORDS.
PERMISSIONS_FOR_GROUP = {
    "Therapists": [("plans", "referral", ("view",)), ("plans", "holdoverride", ("view",))],
    "Clinical leads": [("plans", "referral", ("view",)), ("plans", "holdoverride", ("view",))],
}


def grant(apps, schema_editor):
    from clinic.roles import grant_group_permissions

    grant_group_permissions(apps, PERMISSIONS_FOR_GROUP)


class Migration(migrations.Migration):
    dependencies = [("plans", "0016_assessment_referral_fields_moved")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
