from django.db import migrations

# Issue 9: five groups. Admin staff lose staffing, user accounts and the library; practice managers keep
# staff accounts; clinical leads may change the clinic's thresholds; library editors (given by a
# superuser) keep the shared library. A snapshot of clinic.roles.PERMISSIONS_FOR_GROUP when written.
_CLINICAL_RECORDS = [
    ("patients", "patient", ("view", "add", "change")),
    ("patients", "episode", ("view", "add", "change")),
    ("plans", "assessment", ("view", "add", "change")),
    ("plans", "plan", ("view", "add", "change")),
    ("plans", "planversion", ("view", "add")),
    ("plans", "visit", ("view", "add", "change")),
    ("plans", "prompt", ("view", "change")),
    ("plans", "homelog", ("view",)),
    ("plans", "questionnairerequest", ("view", "add", "change")),
    ("plans", "exercise", ("view",)),
    ("plans", "cause", ("view",)),
    ("plans", "educationitem", ("view",)),
]
_FRONT_DESK = [
    ("clinic", "clinic", ("view",)),
    ("patients", "patient", ("view", "add", "change")),
    ("plans", "questionnairerequest", ("view", "add")),
]
PERMISSIONS_FOR_GROUP = {
    "Therapists": [("clinic", "clinic", ("view",)), *_CLINICAL_RECORDS],
    # The clinic's clinical thresholds: ClinicAdmin lets leads change only those fields.
    "Clinical leads": [("clinic", "clinic", ("view", "change")), *_CLINICAL_RECORDS],
    "Admin staff": _FRONT_DESK,
    "Practice managers": [
        *_FRONT_DESK,
        ("clinic", "clinic", ("view", "change")),
        ("clinic", "membership", ("view", "add", "change", "delete")),
        ("auth", "user", ("view", "add", "change")),
    ],
    "Library editors": [
        ("plans", "exercise", ("view", "add", "change")),
        ("plans", "educationitem", ("view", "add", "change")),
        ("plans", "cause", ("view", "add", "change")),
        ("plans", "causeevidence", ("view", "add", "change", "delete")),
        ("plans", "causecontraindication", ("view", "add", "change", "delete")),
        ("plans", "causepreferredkind", ("view", "add", "change", "delete")),
        ("plans", "causeeducation", ("view", "add", "change", "delete")),
    ],
}


def set_permissions(apps, schema_editor):
    from clinic.roles import set_group_permissions

    set_group_permissions(apps, PERMISSIONS_FOR_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_patient_note_and_variants"),
        ("clinic", "0003_membership_roles"),
    ]

    operations = [migrations.RunPython(set_permissions, migrations.RunPython.noop)]
