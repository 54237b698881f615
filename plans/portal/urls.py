from django.urls import path

from plans.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log_session, name="log"),
    path("history/", views.history, name="history"),
    path("plan.pdf", views.portal_plan_pdf, name="plan_pdf"),
    path("questionnaires/<uuid:code>/", views.questionnaire_fill, name="questionnaire"),
    path(
        "welcome/<uidb64>/<token>/",
        views.PortalSetPasswordView.as_view(),
        name="set_password",
    ),
]
