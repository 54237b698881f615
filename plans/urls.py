from django.urls import path

from plans.views import attention as attention_views
from plans.views import holds as hold_views
from plans.views import plans as views
from plans.views import printing as print_views
from plans.views import visits as progress_views

app_name = "plans"

urlpatterns = [
    path("caseload/", progress_views.dashboard, name="dashboard"),
    path("episodes/<uuid:code>/visits/new/", progress_views.visit_create, name="visit_create"),
    path("visits/<uuid:code>/", progress_views.visit_detail, name="visit_detail"),
    path("attention/", attention_views.inbox, name="attention"),
    path("home-logs/<int:pk>/seen/", attention_views.flare_acknowledge, name="flare_acknowledge"),
    path(
        "questionnaires/<uuid:code>/seen/", attention_views.questionnaire_review, name="questionnaire_review"
    ),
    path("prompts/<int:pk>/dismiss/", progress_views.prompt_dismiss, name="prompt_dismiss"),
    path("episodes/<uuid:code>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<uuid:code>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<uuid:code>/referral/", hold_views.referral_record, name="referral_record"),
    path("assessments/<uuid:code>/override/", hold_views.assessment_override, name="assessment_override"),
    path("prompts/<int:pk>/referral/", hold_views.prompt_referral, name="prompt_referral"),
    path("prompts/<int:pk>/override/", hold_views.prompt_override, name="prompt_override"),
    path("episodes/<uuid:code>/plan/", views.plan_version, name="plan"),
    path("episodes/<uuid:code>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("episodes/<uuid:code>/plan/compare/", views.plan_compare, name="plan_compare"),
    path("episodes/<uuid:code>/plan/v<int:number>/", views.plan_version, name="plan_version"),
    path("episodes/<uuid:code>/plan/v<int:number>/pdf/", print_views.plan_pdf, name="plan_pdf"),
]
