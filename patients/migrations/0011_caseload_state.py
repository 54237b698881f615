"""The caseload state kept on each episode (filled from the rows by plans 0039), and its rules."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0010_patient_search_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='episode',
            name='baseline_date',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='episode',
            name='last_visit_date',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='episode',
            name='last_visit_status',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='episode',
            name='open_prompt_count',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='other_open_prompts',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='red_flag_severity',
            field=models.SmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='reevaluation_prompted',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='referral_badge',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='episode',
            name='unacknowledged_flares',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='unreferred_assessment_flags',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='unreferred_visit_flags',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='unreviewed_questionnaires',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='episode',
            name='visits_since_baseline',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='baseline_date',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='last_visit_date',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='last_visit_status',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='open_prompt_count',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='other_open_prompts',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='red_flag_severity',
            field=models.SmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='reevaluation_prompted',
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='referral_badge',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='unacknowledged_flares',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='unreferred_assessment_flags',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='unreferred_visit_flags',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='unreviewed_questionnaires',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='historicalepisode',
            name='visits_since_baseline',
            field=models.IntegerField(default=0, editable=False),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('visits_since_baseline__gte', 0)), name='patients_episode_visits_since_baseline_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('open_prompt_count__gte', 0)), name='patients_episode_open_prompt_count_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('unreferred_assessment_flags__gte', 0)), name='patients_episode_unreferred_assessment_flags_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('unreferred_visit_flags__gte', 0)), name='patients_episode_unreferred_visit_flags_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('other_open_prompts__gte', 0)), name='patients_episode_other_open_prompts_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('unacknowledged_flares__gte', 0)), name='patients_episode_unacknowledged_flares_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('unreviewed_questionnaires__gte', 0)), name='patients_episode_unreviewed_questionnaires_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='episode',
            constraint=models.CheckConstraint(condition=models.Q(('red_flag_severity__range', (0, 3))), name='patients_episode_red_flag_severity_0_to_3'),
        ),
    ]
