# DRF's authtoken app kept API tokens in plain text. It is gone (django-rest-knox stores digests), so
# its table goes too, with its migration records, rather than leave readable tokens in the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_clinic_idle_logout_minutes"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS authtoken_token",
                "DELETE FROM django_migrations WHERE app = 'authtoken'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
