"""Reading a request body: JSON that cannot crash the parser, and errors as dotted field paths.

Every error is a 400 mapping dotted field paths to messages (``{"odi.3": [...]}``); a body that is
not a JSON object, or not JSON at all, is reported under ``"body"``.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.settings import api_settings

_S = TypeVar("_S", bound=serializers.Serializer)


# A UTF-16 surrogate code point on its own: JSON's "\ud800" escape yields one, but it is not a
# character, cannot be encoded as UTF-8, and so cannot be echoed in an error or stored.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_lone_surrogate(data: Any) -> bool:
    """Whether any string in parsed JSON, key or value at any depth, holds a lone surrogate.

    Iterative, so a body nested as deeply as the JSON parser allows cannot exhaust the stack here.
    """
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class ContractJSONParser(JSONParser):
    """DRF's JSON parser, turning the failures it lets through (nesting too deep for Python's
    parser, an unknown charset) into a ParseError, so no body can cause a 500.

    It also refuses strings holding a lone UTF-16 surrogate (``"\\ud800"``; an escaped pair such as
    ``"\\ud83d\\ude00"`` is one ordinary character and passes): Python's parser accepts them, but
    an error message echoing one cannot be encoded, and no valid input needs one.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        except LookupError:
            raise exceptions.ParseError("JSON parse error - unknown character set.") from None
        if _holds_lone_surrogate(data):
            raise exceptions.ParseError(
                "JSON parse error - a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
                "which is not a Unicode character."
            )
        return data


def flatten_errors(errors: Any, path: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level of dotted paths.

    ``{"startback": {"items": [...]}}`` becomes ``{"startback.items": [...]}``; ListField errors
    (``{3: [...]}``) and ListSerializer errors (``[{}, {"date": [...]}]``) use the 0-based index.
    A nested object's own errors ("non_field_errors") belong to the object's path.
    """
    flat: dict[str, list[str]] = {}

    def add(key: str, messages: list[str]) -> None:
        flat.setdefault(key, []).extend(messages)

    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY and path:
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            for sub_key, messages in flatten_errors(value, child).items():
                add(sub_key, messages)
    elif isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        for index, value in enumerate(errors):
            if value:
                for sub_key, messages in flatten_errors(
                    value, f"{path}.{index}" if path else str(index)
                ).items():
                    add(sub_key, messages)
    else:
        messages = errors if isinstance(errors, list) else [errors]
        add(path or api_settings.NON_FIELD_ERRORS_KEY, [str(m) for m in messages])
    return flat


def json_object(request: Request) -> dict[str, Any]:
    body = request.data
    if request.stream is None:  # DRF's parsers turn an empty body into {}
        raise exceptions.ValidationError({"body": ["The body is empty: send a JSON object."]})
    if not isinstance(body, dict):
        raise exceptions.ValidationError({"body": ["Send a JSON object."]})
    return body


def validated(serializer_class: type[_S], request: Request) -> _S:
    """The serializer of the request's body, once valid; a ValidationError in the contract's shape if not."""
    serializer = serializer_class(data=json_object(request))
    if not serializer.is_valid():
        raise exceptions.ValidationError(flatten_errors(serializer.errors))
    return serializer
