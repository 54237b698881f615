"""Helpers for the API tests: real HTTP through DRF's APIClient, real tokens, the contract's paths."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

TOKEN_URL = "/api/v1/auth/token"
SUGGEST_URL = "/api/v1/suggest"
PROGRESS_URL = "/api/v1/progress/evaluate"


def token_client(user) -> APIClient:
    """A client that sends ``Authorization: Token <key>``, as an integrator would."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
