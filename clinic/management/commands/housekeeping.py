"""Daily housekeeping (docs/deploy.md, "Housekeeping"): removes rows that have expired by an existing
rule, each through the command or method its library provides, and reports what each step removed.

1. `clearsessions` (Django): sessions past their expiry (SESSION_MAX_HOURS, or the browser closed).
2. django-axes: login attempts past the cool-off (AXES_COOLOFF_HOURS), which no longer lock anyone
   out; then `axes_reset_logs` and `axes_reset_failure_logs`: the login log older than
   LOGIN_LOG_RETENTION_DAYS.
3. API tokens past their expiry (API_TOKEN_TTL_HOURS): knox refuses them already and deletes each one
   only when it is presented, or when its user next obtains a token (plans/api/tokens.py).

Clinical records and the read audit have no expiry and are never touched here.
"""

from io import StringIO

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken


class Command(BaseCommand):
    help = "Remove expired sessions, login attempts and API tokens, and the login log past its retention."

    def handle(self, *args, **options):
        before = Session.objects.count()
        call_command("clearsessions")
        self._report("expired sessions", f"{before - Session.objects.count()} removed")

        # axes measures the cool-off back from the request's time; a request without one means now.
        request = HttpRequest()
        request.axes_attempt_time = None  # type: ignore[attr-defined]
        attempts = AxesProxyHandler.get_implementation().clean_expired_user_attempts(request)
        self._report("expired login attempts", f"{attempts} removed")
        days = settings.LOGIN_LOG_RETENTION_DAYS
        logs = (("axes_reset_logs", "login log"), ("axes_reset_failure_logs", "failed-login log"))
        for command, what in logs:
            out = StringIO()
            call_command(command, age=days, stdout=out)
            self._report(f"{what} older than {days} days", out.getvalue().strip())

        tokens, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
        self._report("expired API tokens", f"{tokens} removed")

    def _report(self, what: str, result: str) -> None:
        self.stdout.write(f"{what}: {result}")
