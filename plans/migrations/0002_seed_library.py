from django.db import migrations


def load_library(apps, schema_editor):
    from plans.services.library_import import library_import

    library_import(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_schema")]

    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
