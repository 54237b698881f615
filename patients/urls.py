from django.urls import path

from patients import views

# Included as the "patients" namespace by clinic/urls.py, together with the episode page (a plans view).

urlpatterns = [
    path("patients/", views.patient_list, name="list"),
    path("patients/new/", views.patient_create, name="create"),
    path("patients/<uuid:code>/", views.patient_detail, name="detail"),
    path("patients/<uuid:code>/edit/", views.patient_update, name="update"),
    path("patients/<uuid:code>/archive/", views.patient_archive, name="archive"),
    path("patients/<uuid:code>/episodes/new/", views.episode_create, name="episode_create"),
    path("episodes/<uuid:code>/edit/", views.episode_update, name="episode_update"),
    path("episodes/<uuid:code>/archive/", views.episode_archive, name="episode_archive"),
]
