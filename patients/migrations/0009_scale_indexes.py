"""Indexes for the patient and episode lists' orderings, and a partial index of open episodes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0008_appointments'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='episode',
            index=models.Index(fields=['-onset_date', '-id'], name='episode_onset_idx'),
        ),
        migrations.AddIndex(
            model_name='episode',
            index=models.Index(condition=models.Q(('is_active', True), ('status', 'open')), fields=['patient'], name='episode_open_idx'),
        ),
        migrations.AddIndex(
            model_name='patient',
            index=models.Index(fields=['family_name', 'given_name', 'id'], name='patient_name_idx'),
        ),
    ]
