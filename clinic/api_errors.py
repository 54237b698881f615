"""API errors in the contract's shape: a JSON object mapping each offending field to messages."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, exceptions.ParseError):
        exc = exceptions.ValidationError({"body": [f"Malformed JSON: {exc.detail}"]})
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.ValidationError({"body": ["Send the body as application/json."]})
    return drf_exception_handler(exc, context)
