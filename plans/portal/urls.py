from django.urls import path

from patients import portal_accounts as invitations
from plans.portal import views
from plans.views import printing as print_views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log_session, name="log"),
    path("history/", views.history, name="history"),
    path("plan.pdf", print_views.portal_plan_pdf, name="plan_pdf"),
    path("questionnaires/<uuid:code>/", views.questionnaire_fill, name="questionnaire"),
    path(
        "welcome/<uidb64>/<token>/",
        invitations.PortalSetPasswordView.as_view(),
        name="set_password",
    ),
]
