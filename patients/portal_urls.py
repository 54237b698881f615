from django.urls import path

from patients import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
