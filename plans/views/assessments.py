"""Recording an assessment, and the suggestion made from it."""

from django.shortcuts import get_object_or_404, redirect

from clinic.access import may_amend, therapist_required
from patients.selectors import get_episode_for_user
from plans.clinical.vocabulary import TriageLevel
from plans.forms.assessments import AssessmentForm
from plans.models import Assessment, Exercise, PlanVersion
from plans.selectors.holds import PlanHold
from plans.selectors.notes import note_of
from plans.selectors.objective import objective_summary
from plans.selectors.questionnaires import latest_completed, prefill_from
from plans.services.assessments import AssessmentEntry, assessment_record
from plans.views.holds import hold_cards
from plans.views.pages import mark_questionnaire_used, render_episode_page


def _assessment(user, code):
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related(
            "episode__patient", "assessed_by", "amended_by", "objective"
        ),
        code=code,
    )


@therapist_required
def assessment_create(request, code):
    episode = get_episode_for_user(request.user, code)
    questionnaire = latest_completed(episode)
    initial = prefill_from(questionnaire) if questionnaire else {}
    form = AssessmentForm(request.POST or None, episode=episode, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = AssessmentEntry.from_form(form)
        assessment = assessment_record(episode=episode, entry=entry, user=request.user)
        mark_questionnaire_used(request, questionnaire)
        return redirect("plans:assessment_detail", code=assessment.code)
    return render_episode_page(
        request,
        "plans/assessment_form.html",
        episode=episode,
        record=episode,
        context={"form": form, "questionnaire": questionnaire},
    )


@therapist_required
def assessment_detail(request, code):
    assessment = _assessment(request.user, code)
    episode = assessment.episode
    suggestion = assessment.suggestion
    exercises = {
        e.slug: e
        for e in Exercise.objects.filter(
            slug__in=[row["slug"] for row in (suggestion.get("plan") or {}).get("exercises", [])]
        )
    }
    referral = assessment.referrals.select_related("recorded_by").first()
    override = assessment.hold_overrides.select_related("overridden_by").first()
    released = referral is not None or (
        override is not None and assessment.triage_level == TriageLevel.URGENT
    )
    holds = [PlanHold(assessment, assessment.triage_level)] if assessment.holds_plan and not released else []
    return render_episode_page(
        request,
        "plans/assessment_detail.html",
        episode=episode,
        record=assessment,
        context={
            "assessment": assessment,
            "suggestion": suggestion,
            "findings": assessment.findings.all(),
            "objective": objective_summary(getattr(assessment, "objective", None)),
            "exercises": exercises,
            "hold_cards": hold_cards(holds),
            "held": bool(holds),
            "referral": referral,
            "override": override,
            "note": note_of(assessment),
            "has_plan": PlanVersion.objects.filter(plan__episode=episode).exists(),
            "may_amend": may_amend(
                request.user, clinic_id=episode.patient.clinic_id, recorded_by_id=assessment.assessed_by_id
            ),
        },
    )
