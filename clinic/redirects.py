"""Where to send the user after a form that carries a ``next`` address.

A ``next`` value is followed only when it is a path on this site that a URL pattern answers; anything
else (another host, a ``javascript:`` URL, ``-1``, a path no view serves) falls back to the page's
default, so a forged value can neither send the user off-site nor turn a saved change into a 500."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def is_safe_next_url(request: HttpRequest, url: str) -> bool:
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    try:
        resolve(parts.path)
    except Resolver404:
        return False
    return True


def safe_next_url(request: HttpRequest, default: str) -> str:
    """The request's ``next`` (POST first, then the query string) if it is safe, else ``default``."""
    candidate = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or ""
    return candidate if is_safe_next_url(request, candidate) else default
