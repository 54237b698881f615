"""API rate limits, counted in the cache. The rates are read when a request comes, not when the
class is defined (DRF's default), so settings changes apply at once."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class _RateFromSettings:
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class PerUserThrottle(_RateFromSettings, UserRateThrottle):
    """Each signed-in user (by token or session) separately; anyone else by client address."""

    scope = "user"


class TokenObtainThrottle(_RateFromSettings, SimpleRateThrottle):
    """Every attempt at the token endpoint, successful or not, per client address (REMOTE_ADDR, or
    the address the trusted proxies report: NUM_PROXIES)."""

    scope = "auth_token"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
