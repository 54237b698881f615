"""Fill the caseload state of every episode (patients 0011) from its rows.

A frozen copy of what ``plans.selectors.caseload_state.implied_state`` compiles to today, in SQL: the
migration must give the same result however the app's code changes later, and the historical models
a migration gets have none of the querysets the selector is built from. The test of this migration
checks the copy against the selector. PostgreSQL only (the SQL is PostgreSQL's): a SQLite database is a
development one, whose demo data ``seed_demo`` writes through the services, which keep the state."""

from django.db import migrations

# Flares: pain after at least 3 points above pain before (plans.clinical.flares.FLARE_POINTS). Severity:
# none 0, prompt 1, urgent 2, emergency 3 (plans.clinical.vocabulary.TRIAGE_SEVERITY).
BACKFILL = """
UPDATE patients_episode e SET
    last_visit_date = (
        SELECT v.visit_date FROM plans_visit v WHERE v.episode_id = e.id
        ORDER BY v.visit_date DESC, v.id DESC LIMIT 1),
    last_visit_status = COALESCE((
        SELECT v.status FROM plans_visit v WHERE v.episode_id = e.id
        ORDER BY v.visit_date DESC, v.id DESC LIMIT 1), ''),
    baseline_date = (
        SELECT a.assessed_on FROM plans_assessment a WHERE a.episode_id = e.id
        ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),
    visits_since_baseline = (
        SELECT COUNT(*) FROM plans_visit v WHERE v.episode_id = e.id AND v.visit_date > (
            SELECT a.assessed_on FROM plans_assessment a WHERE a.episode_id = e.id
            ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)),
    open_prompt_count = (
        SELECT COUNT(*) FROM plans_prompt p WHERE p.episode_id = e.id AND p.status = 'open'),
    reevaluation_prompted = EXISTS(
        SELECT 1 FROM plans_prompt p
        WHERE p.episode_id = e.id AND p.status = 'open' AND p.kind = 'reevaluation_due'),
    referral_badge = CASE
        WHEN EXISTS(
            SELECT 1 FROM plans_assessment a
            WHERE a.episode_id = e.id AND a.triage_level IN ('urgent', 'emergency')
            AND NOT (
                EXISTS(SELECT 1 FROM plans_referral r WHERE r.assessment_id = a.id)
                OR (a.triage_level = 'urgent'
                    AND EXISTS(SELECT 1 FROM plans_holdoverride o WHERE o.assessment_id = a.id))))
        OR EXISTS(
            SELECT 1 FROM plans_prompt p
            WHERE p.episode_id = e.id AND p.status = 'open' AND p.kind = 'red_flag'
            AND p.level IN ('urgent', 'emergency')
            AND NOT (
                EXISTS(SELECT 1 FROM plans_referral r WHERE r.prompt_id = p.id)
                OR (p.level = 'urgent'
                    AND EXISTS(SELECT 1 FROM plans_holdoverride o WHERE o.prompt_id = p.id))))
        THEN 'held'
        WHEN EXISTS(SELECT 1 FROM plans_holdoverride o WHERE o.episode_id = e.id) THEN 'override'
        WHEN EXISTS(SELECT 1 FROM plans_referral r WHERE r.episode_id = e.id) THEN 'referred'
        ELSE '' END,
    unreferred_assessment_flags = (
        SELECT COUNT(*) FROM plans_assessment a
        WHERE a.episode_id = e.id AND a.triage_level <> 'none'
        AND NOT EXISTS(SELECT 1 FROM plans_referral r WHERE r.assessment_id = a.id)),
    unreferred_visit_flags = (
        SELECT COUNT(*) FROM plans_prompt p
        WHERE p.episode_id = e.id AND p.kind = 'red_flag'
        AND NOT EXISTS(SELECT 1 FROM plans_referral r WHERE r.prompt_id = p.id)),
    red_flag_severity = GREATEST(
        COALESCE((
            SELECT MAX(CASE a.triage_level
                WHEN 'prompt' THEN 1 WHEN 'urgent' THEN 2 WHEN 'emergency' THEN 3 ELSE 0 END)
            FROM plans_assessment a
            WHERE a.episode_id = e.id AND a.triage_level <> 'none'
            AND NOT EXISTS(SELECT 1 FROM plans_referral r WHERE r.assessment_id = a.id)), 0),
        COALESCE((
            SELECT MAX(CASE p.level
                WHEN 'prompt' THEN 1 WHEN 'urgent' THEN 2 WHEN 'emergency' THEN 3 ELSE 0 END)
            FROM plans_prompt p
            WHERE p.episode_id = e.id AND p.kind = 'red_flag'
            AND NOT EXISTS(SELECT 1 FROM plans_referral r WHERE r.prompt_id = p.id)), 0)),
    other_open_prompts = (
        SELECT COUNT(*) FROM plans_prompt p
        WHERE p.episode_id = e.id AND p.status = 'open' AND p.kind <> 'red_flag'),
    unacknowledged_flares = (
        SELECT COUNT(*) FROM plans_homelog h
        WHERE h.episode_id = e.id AND h.pain_after >= h.pain_before + 3 AND h.acknowledged_at IS NULL),
    unreviewed_questionnaires = (
        SELECT COUNT(*) FROM plans_questionnairerequest q
        WHERE q.episode_id = e.id AND q.status = 'completed' AND q.reviewed_at IS NULL)
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0011_caseload_state"),
        ("plans", "0038_admin_search_trigram_indexes"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
