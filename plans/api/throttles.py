"""API rate limits, counted in the cache. The rates are read when a request comes, not when the
class is defined (DRF's default), so settings changes apply at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:  # DRF imports this module while it defines APIView
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # The stubs type the rates as numbers; DRF's are strings such as "120/minute".
        rates = cast(dict[str, str], api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope) if self.scope else None


class PerUserThrottle(_RateFromSettings, UserRateThrottle):
    """Each signed-in user (by token or session) separately; anyone else by client address."""

    scope = "user"


class TokenObtainThrottle(_RateFromSettings):
    """Every attempt at the token endpoint, successful or not, per client address (REMOTE_ADDR, or
    the address the trusted proxies report: NUM_PROXIES)."""

    scope = "auth_token"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
