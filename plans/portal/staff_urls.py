"""Staff pages for a patient's portal access and questionnaires; mounted at the site root."""

from django.urls import path

from plans.portal import staff_views as views

app_name = "portal_access"

urlpatterns = [
    path("patients/<uuid:code>/portal/", views.portal_access, name="detail"),
    path("patients/<uuid:code>/portal/invite/", views.invite, name="invite"),
    path("patients/<uuid:code>/portal/revoke/", views.revoke, name="revoke"),
    path("patients/<uuid:code>/questionnaires/send/", views.questionnaires_send, name="questionnaires_send"),
    path("questionnaires/<uuid:code>/cancel/", views.questionnaire_cancel, name="questionnaire_cancel"),
]
