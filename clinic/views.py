from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic import access
from clinic.idle_logout import record_activity
from clinic.redirects import safe_next_url


@login_required
def home(request):
    if access.is_therapist(request.user):
        return redirect("plans:dashboard")
    if access.is_clinic_staff(request.user):
        return redirect("patients:list")
    if hasattr(request.user, "patient_record"):
        return redirect("portal:home")
    raise PermissionDenied


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@never_cache
@require_POST
def keep_alive(request):
    """The idle warning's "Stay signed in": counts as activity. 401 once the session is over, so the
    script sends the user to the log-in page (a redirect would be followed by fetch)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    record_activity(request.session, request.user)
    return HttpResponse(status=204)


class LoginView(auth_views.LoginView):
    """Django's login, following ``next`` only to a page of this site that exists."""

    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        return safe_next_url(self.request, default="")


class LogoutView(auth_views.LogoutView):
    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        return safe_next_url(self.request, default="")


def edit_conflict(request, target=None):
    """django-concurrency's 409 handler (ConcurrencyMiddleware), for a stale save that no form
    caught: the transaction was rolled back, nothing was saved."""
    record = target._meta.verbose_name if target is not None else "record"
    return render(request, "409.html", {"record": record, "back": request.path}, status=409)
