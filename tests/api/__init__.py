"""Helpers for the API tests: real HTTP through DRF's APIClient, real tokens, the contract's paths."""

from knox.models import AuthToken
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/auth/token"
LOGOUT_URL = "/api/v1/auth/logout"
LOGOUT_ALL_URL = "/api/v1/auth/logoutall"
SUGGEST_URL = "/api/v1/suggest"
PROGRESS_URL = "/api/v1/progress/evaluate"


def client_with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def token_client(user) -> APIClient:
    """A client that sends ``Authorization: Token <token>``, as an integrator would."""
    _, token = AuthToken.objects.create(user=user)
    return client_with_token(token)
