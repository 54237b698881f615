"""API errors in the contract's shape: a JSON object mapping each offending field to messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _encodable(data: Any) -> Any:
    """The error data with any string that cannot be encoded as UTF-8 (a lone surrogate echoed from
    the input) made encodable, its surrogates written as ``\\udxxx``: an error must always render.
    The parser refuses such input; this is the guarantee for any path it does not cover."""
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return data.encode("utf-8", "backslashreplace").decode("utf-8")
        return data
    if isinstance(data, dict):
        return {_encodable(key): _encodable(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_encodable(item) for item in data]
    return data


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ValidationError({"body": [f"Malformed JSON: {exc.detail}"]})
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.ValidationError({"body": ["Send the body as application/json."]})
    elif isinstance(exc, RequestDataTooBig):
        # Raised by Django's request.body, which DRF reads before any parser runs; left alone, it
        # becomes Django's HTML 400 page.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = exceptions.ValidationError({"body": [f"The body is too large: send at most {limit:,} bytes."]})
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _encodable(response.data)
    return response
