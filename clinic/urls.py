from django.contrib import admin
from django.urls import include, path

from clinic import views
from patients import urls as patient_urls
from plans.views import episodes

# The episode page shows the plan, visits and charts, so its view is in plans; it keeps its name.
patient_urlpatterns = [
    *patient_urls.urlpatterns,
    path("episodes/<uuid:code>/", episodes.episode_detail, name="episode_detail"),
]

admin.site.site_header = "Upright administration"
admin.site.site_title = "Upright admin"
admin.site.index_title = "Clinics, staff, patients and libraries"

handler403 = "clinic.views.permission_denied"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/keep-alive/", views.keep_alive, name="keep_alive"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("portal/", include("plans.portal.urls")),
    path("", include("plans.api.urls")),
    path("", include((patient_urlpatterns, "patients"))),
    path("", include("plans.portal.staff_urls")),
    path("", include("plans.urls")),
]
