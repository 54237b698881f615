from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from clinic import access


def _patient_for_portal_user(user):
    """The patient record behind a portal account; staff and unlinked accounts are refused."""
    if access.is_clinic_staff(user):
        raise PermissionDenied
    patient = getattr(user, "patient_record", None)
    if patient is None or not patient.is_active:
        raise PermissionDenied
    return patient


@login_required
def home(request):
    patient = _patient_for_portal_user(request.user)
    return render(request, "portal/home.html", {"patient": patient})
