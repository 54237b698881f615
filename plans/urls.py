from django.urls import path

from plans import print_views, views

app_name = "plans"

urlpatterns = [
    path("episodes/<uuid:code>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<uuid:code>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<uuid:code>/referral/", views.referral_record, name="referral_record"),
    path("episodes/<uuid:code>/plan/", views.plan_version, name="plan"),
    path("episodes/<uuid:code>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("episodes/<uuid:code>/plan/compare/", views.plan_compare, name="plan_compare"),
    path("episodes/<uuid:code>/plan/v<int:number>/", views.plan_version, name="plan_version"),
    path("episodes/<uuid:code>/plan/v<int:number>/pdf/", print_views.plan_pdf, name="plan_pdf"),
]
