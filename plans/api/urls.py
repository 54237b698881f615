"""The JSON API and its OpenAPI schema and docs (shared/api-contract.md).

Paths match the contract exactly, without a trailing slash; the slash variant is accepted too but
left out of the schema. The schema and docs are public, like the contract itself: they describe
shapes, never patient data, and every endpoint they list still requires authentication. The docs are
Swagger UI served from drf-spectacular-sidecar's static files (clinic networks are offline); Redoc is
left out because drf-spectacular's Redoc page loads web fonts from the internet.
"""

from django.urls import URLPattern, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from plans.api.views import LogoutAllView, LogoutView, ObtainTokenView, ProgressEvaluateView, SuggestView

app_name = "api"


def _contract_path(route: str, view, name: str) -> list[URLPattern]:
    return [path(route, view.as_view(), name=name), path(f"{route}/", view.as_view(schema=None))]


urlpatterns = [
    *_contract_path("api/v1/auth/token", ObtainTokenView, "token"),
    *_contract_path("api/v1/auth/logout", LogoutView, "logout"),
    *_contract_path("api/v1/auth/logoutall", LogoutAllView, "logoutall"),
    *_contract_path("api/v1/suggest", SuggestView, "suggest"),
    *_contract_path("api/v1/progress/evaluate", ProgressEvaluateView, "progress_evaluate"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
