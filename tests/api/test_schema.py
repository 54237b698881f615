"""The OpenAPI schema and the docs pages: public (they describe shapes, not patient data), offline."""

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.access_matrix import OK, ROLES, cells, check, row

DOCS_URL = "/api/docs/"
SWAGGER_ASSETS = [
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
    "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
    "drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png",
]
CONTRACT_PATHS = {
    "/api/v1/auth/token",
    "/api/v1/auth/logout",
    "/api/v1/auth/logoutall",
    "/api/v1/suggest",
    "/api/v1/progress/evaluate",
}


@pytest.fixture
def schema(db) -> dict:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_yaml_by_default_mentions_suggest(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert "/api/v1/suggest:" in response.content.decode()


def test_schema_lists_exactly_the_contract_paths(schema):
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == CONTRACT_PATHS
    for path in CONTRACT_PATHS:
        assert set(schema["paths"][path]) == {"post"}


def test_schema_documents_requests_and_responses(schema):
    components = schema["components"]["schemas"]
    suggest = schema["paths"]["/api/v1/suggest"]["post"]
    assert suggest["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/SuggestRequest")
    assert set(suggest["responses"]) >= {"200", "400", "401", "403"}
    assert set(components["SuggestRequest"]["required"]) == {"age", "region", "onset", "duration_days"}
    properties = components["SuggestRequest"]["properties"]
    assert properties["odi"]["minItems"] == properties["odi"]["maxItems"] == 10
    assert properties["age"] == {"type": "integer", "maximum": 120, "minimum": 0}
    assert set(components["SuggestResponse"]["properties"]) >= {"triage", "stage", "scores", "causes", "plan"}
    progress = schema["paths"]["/api/v1/progress/evaluate"]["post"]
    assert progress["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ProgressRequest"
    )
    assert set(components["ProgressResponse"]["properties"]) == {"rules_version", "visits", "prompts"}
    token = schema["paths"]["/api/v1/auth/token"]["post"]
    assert set(token["responses"]) >= {"200", "400", "403", "429"}
    assert token.get("security") in (None, [])
    assert set(components["TokenResponse"]["properties"]) == {"token", "expiry"}
    for path in ("/api/v1/auth/logout", "/api/v1/auth/logoutall"):
        logout = schema["paths"][path]["post"]
        assert set(logout["responses"]) == {"204", "401"}
        assert "requestBody" not in logout
        assert logout["security"] == [{"knoxApiToken": []}]


def test_schema_is_valid_and_generates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_docs_public(db):
    response = APIClient().get(DOCS_URL)
    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()


def test_docs_for_logged_in_staff(therapist_client):
    response = therapist_client.get(DOCS_URL)
    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()


def test_docs_work_offline(db):
    html = APIClient().get(DOCS_URL).content.decode()
    for asset in SWAGGER_ASSETS:
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset
    # (not a bare "cdn": the page's random CSRF token may contain those letters)
    for host in ("cdn.", "jsdelivr", "unpkg", "cdnjs", "fonts.googleapis"):
        assert host not in html.lower(), host
    assert "https://" not in html and "http://" not in html


# --- Who may open it ------------------------------------------------------------------------------

# The contract is public: its schema and docs open for anyone and name no patient.
ACCESS = cells(
    row("schema", lambda get: "/api/schema/", **dict.fromkeys(ROLES, OK)),
    row("docs", lambda get: DOCS_URL, **dict.fromkeys(ROLES, OK)),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
