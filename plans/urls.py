from django.urls import path

from plans.views import (
    amendments,
    assessments,
    attention,
    caseload,
    goals,
    holds,
    notes,
    pictures,
    plan_editor,
    plans,
    printing,
    visits,
)

app_name = "plans"

urlpatterns = [
    path("caseload/", caseload.dashboard, name="dashboard"),
    path("episodes/<uuid:code>/visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<uuid:code>/", visits.visit_detail, name="visit_detail"),
    path("visits/<uuid:code>/amend/", amendments.visit_amend_form, name="visit_amend"),
    path("visits/<uuid:code>/history/", amendments.visit_history, name="visit_history"),
    path("visits/<uuid:code>/note/", notes.visit_note, name="visit_note"),
    path("visits/<uuid:code>/note/history/", notes.visit_note_history, name="visit_note_history"),
    path("episodes/<uuid:code>/discharge-note/", notes.discharge_note, name="discharge_note"),
    path(
        "episodes/<uuid:code>/discharge-note/history/",
        notes.discharge_note_history,
        name="discharge_note_history",
    ),
    path("assessments/<uuid:code>/note/", notes.assessment_note, name="assessment_note"),
    path(
        "assessments/<uuid:code>/note/history/", notes.assessment_note_history, name="assessment_note_history"
    ),
    path("attention/", attention.inbox, name="attention"),
    path("home-logs/<int:pk>/seen/", attention.flare_acknowledge, name="flare_acknowledge"),
    path("questionnaires/<uuid:code>/seen/", attention.questionnaire_review, name="questionnaire_review"),
    path("prompts/<int:pk>/dismiss/", visits.prompt_dismiss, name="prompt_dismiss"),
    path("episodes/<uuid:code>/assessments/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/<uuid:code>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<uuid:code>/amend/", amendments.assessment_amend_form, name="assessment_amend"),
    path("assessments/<uuid:code>/history/", amendments.assessment_history, name="assessment_history"),
    path("assessments/<uuid:code>/referral/", holds.referral_record, name="referral_record"),
    path("assessments/<uuid:code>/override/", holds.override_record, name="assessment_override"),
    path("prompts/<int:pk>/referral/", holds.referral_record, name="prompt_referral"),
    path("prompts/<int:pk>/override/", holds.override_record, name="prompt_override"),
    path("episodes/<uuid:code>/plan/", plans.plan_version, name="plan"),
    path("episodes/<uuid:code>/plan/edit/", plan_editor.plan_edit, name="plan_edit"),
    path("episodes/<uuid:code>/plan/library/", plan_editor.plan_library, name="plan_library"),
    path("episodes/<uuid:code>/plan/compare/", plans.plan_compare, name="plan_compare"),
    path("episodes/<uuid:code>/plan/v<int:number>/", plans.plan_version, name="plan_version"),
    path("episodes/<uuid:code>/plan/v<int:number>/pdf/", printing.plan_pdf, name="plan_pdf"),
    path(
        "episodes/<uuid:code>/discharge-summary.pdf",
        printing.discharge_summary_pdf,
        name="discharge_summary",
    ),
    path(
        "episodes/<uuid:code>/referrals/<int:pk>/letter.pdf",
        printing.referral_letter_pdf,
        name="referral_letter",
    ),
    path("goals/<int:pk>/drop/", goals.goal_drop, name="goal_drop"),
    path("goals/<int:pk>/status/", goals.goal_judge, name="goal_judge"),
    path("exercises/<int:pk>/pictures/<slug:which>/", pictures.exercise_picture, name="exercise-picture"),
]
