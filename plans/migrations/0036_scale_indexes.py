"""Indexes for each admin list's ordering at clinic-group scale, and the library's stamp (the token
every process checks before trusting its memo of the library)."""

import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0035_goal_measures_rom'),
    ]

    operations = [
        migrations.CreateModel(
            name='LibraryStamp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(default=uuid.uuid4)),
                ('changed_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ('id',),
            },
        ),
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(fields=['-assessed_on', '-id'], name='assessment_date_idx'),
        ),
        migrations.AddIndex(
            model_name='homelog',
            index=models.Index(fields=['-done_on', '-id'], name='homelog_date_idx'),
        ),
        migrations.AddIndex(
            model_name='planversion',
            index=models.Index(fields=['-approved_at', '-id'], name='planversion_approved_idx'),
        ),
        migrations.AddIndex(
            model_name='prompt',
            index=models.Index(fields=['-created_at', '-id'], name='prompt_created_idx'),
        ),
        migrations.AddIndex(
            model_name='questionnairerequest',
            index=models.Index(fields=['-created_at', '-id'], name='questionnaire_created_idx'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['-visit_date', '-visit_time', '-id'], name='visit_date_time_idx'),
        ),
        migrations.AddConstraint(
            model_name='librarystamp',
            constraint=models.CheckConstraint(condition=models.Q(('id', 1)), name='plans_librarystamp_one_row'),
        ),
    ]
