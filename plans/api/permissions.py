from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from clinic import access

if TYPE_CHECKING:  # DRF imports this module while it defines APIView
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsClinicStaff(BasePermission):
    """Therapists, admin staff and superusers; patient accounts are refused (403)."""

    message = "Only clinic staff may use this API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and access.is_clinic_staff(request.user))


class IsTherapist(BasePermission):
    """Therapists (in any clinic) and superusers; admin staff and patient accounts are refused (403)."""

    message = "Only therapists and superusers may use this API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and access.is_therapist(request.user))
