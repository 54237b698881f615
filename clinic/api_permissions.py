from rest_framework.permissions import BasePermission

from clinic import access


class IsClinicStaff(BasePermission):
    """Therapists, admin staff and superusers; patient accounts are refused (403)."""

    message = "Only clinic staff may use this API."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and access.is_clinic_staff(request.user))


class IsTherapist(BasePermission):
    message = "Only therapists may use this API."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and access.is_therapist(request.user))
