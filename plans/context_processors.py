from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clinic import access
from plans.selectors.attention import summary_for_request


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    viewer = access.access_for(user)
    return {
        "viewer": viewer,
        "viewer_is_patient": not viewer.is_clinic_staff and hasattr(user, "patient_record"),
        "attention_summary": SimpleLazyObject(lambda: summary_for_request(request)),
    }
