"""The decision-support API (shared/api-contract.md): parse, validate, call the engine, answer.

Every error is a 400 mapping dotted field paths to messages (``{"odi.3": [...]}``); a body that is
not a JSON object, or not JSON at all, is reported under ``"body"``. Thresholds are the asking
user's clinic settings, or the defaults for a user without a clinic (a superuser).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from clinic.access import home_clinic_for
from clinic.api_permissions import IsTherapist
from clinic.api_throttles import TokenObtainThrottle
from clinic.api_tokens import api_token_issue, api_token_revoke, api_tokens_revoke, may_hold_api_token
from plans.api.serializers import (
    ProgressRequestSerializer,
    ProgressResponseSerializer,
    SuggestRequestSerializer,
    SuggestResponseSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.progress import Goal, Measures, evaluate_progress
from plans.selectors.library import load_catalog, progress_thresholds, stage_thresholds

ERRORS_SCHEMA = {
    "type": "object",
    "description": "Each offending field, as a dotted path for nested fields, mapped to messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
MEASURE_FIELDS = ("nprs", "odi", "rmdq", "psfs", "fabq_pa", "fabq_w")
BAD_INPUT = OpenApiResponse(
    ERRORS_SCHEMA,
    description="Invalid input. List items are named by 0-based index ('odi.3' is the fourth section); "
    "a body that is not a JSON object is reported under 'body'.",
    examples=[
        OpenApiExample("Bad ODI section", value={"odi.3": ["Ensure this value is less than or equal to 5."]})
    ],
)
NOT_AUTHENTICATED = OpenApiResponse(description="No valid token or session.")
FORBIDDEN = OpenApiResponse(
    description="Not a therapist or superuser (e.g. an admin-staff or patient portal account)."
)


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


def _json_object(request: Request) -> dict:
    body = request.data
    if request.stream is None:  # DRF's parsers turn an empty body into {}
        raise exceptions.ValidationError({"body": ["The body is empty: send a JSON object."]})
    if not isinstance(body, dict):
        raise exceptions.ValidationError({"body": ["Send a JSON object."]})
    return body


def _validated(serializer_class, request: Request):
    serializer = serializer_class(data=_json_object(request))
    if not serializer.is_valid():
        raise exceptions.ValidationError(flatten_errors(serializer.errors))
    return serializer


THROTTLED = OpenApiResponse(
    description="Too many requests; the Retry-After header says how many seconds to wait."
)
NO_TOKEN_PRESENTED = OpenApiResponse(description="No valid token (a session is not enough here).")


class ObtainTokenView(APIView):
    """Exchange a username and password for a new API token, which expires (TOKEN_TTL)."""

    # Credentials travel in the body: no session (so no CSRF check) and no prior authentication.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Every attempt counts, successes too, per client address (django-axes counts the failures).
    throttle_classes = [TokenObtainThrottle]
    parser_classes = [ContractJSONParser]

    @extend_schema(
        operation_id="auth_token",
        tags=["auth"],
        summary="Obtain an API token",
        auth=[],
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(ERRORS_SCHEMA, description="Missing fields or bad credentials."),
            403: OpenApiResponse(
                description="The account may not use the API (a patient portal account, or no clinic role)."
            ),
            429: OpenApiResponse(
                description="Locked out after repeated failures, or too many attempts from this address "
                "(Retry-After says for how long)."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=_json_object(request), context={"request": request})
        if not serializer.is_valid():
            # django-axes counts failures here as on the login page; once locked out, it refuses even
            # the right password. Say so rather than "bad credentials".
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {
                        api_settings.NON_FIELD_ERRORS_KEY: [
                            "Too many failed log-in attempts; try again later."
                        ]
                    },
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise exceptions.ValidationError(flatten_errors(serializer.errors))
        user = serializer.validated_data["user"]
        # The right password of an account that may not use the API: 403, as for its calls (the
        # contract), since the portal's log-in page would confirm the password anyway.
        if not may_hold_api_token(user):
            raise exceptions.PermissionDenied("Only clinic staff may obtain an API token.")
        instance, token = api_token_issue(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": token, "expiry": instance.expiry})


class LogoutView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_logout",
        tags=["auth"],
        summary="Revoke the token sent with this request",
        request=None,
        responses={204: OpenApiResponse(description="The token is revoked."), 401: NO_TOKEN_PRESENTED},
    )
    def post(self, request: Request) -> Response:
        api_token_revoke(token=request.auth)
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_logoutall",
        tags=["auth"],
        summary="Revoke every token of the user",
        request=None,
        responses={
            204: OpenApiResponse(description="All the user's tokens are revoked."),
            401: NO_TOKEN_PRESENTED,
        },
    )
    def post(self, request: Request) -> Response:
        api_tokens_revoke(user=request.user)
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SuggestView(APIView):
    permission_classes = [IsTherapist]
    parser_classes = [ContractJSONParser]

    @extend_schema(
        operation_id="suggest",
        tags=["decision support"],
        summary="Triage, stage, scores, ranked causes and a first plan for one assessment",
        request=SuggestRequestSerializer,
        responses={
            200: SuggestResponseSerializer,
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            429: THROTTLED,
        },
    )
    def post(self, request: Request) -> Response:
        serializer = _validated(SuggestRequestSerializer, request)
        clinic = home_clinic_for(request.user)
        suggestion = suggest(
            assessment_from_contract(serializer.to_contract()),
            load_catalog(),
            stage_thresholds=stage_thresholds(clinic),
        )
        return Response(suggestion.as_dict())


class ProgressEvaluateView(APIView):
    permission_classes = [IsTherapist]
    parser_classes = [ContractJSONParser]

    @extend_schema(
        operation_id="progress_evaluate",
        tags=["decision support"],
        summary="Judge visits against a baseline and raise progress prompts",
        request=ProgressRequestSerializer,
        responses={
            200: ProgressResponseSerializer,
            400: BAD_INPUT,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            429: THROTTLED,
        },
    )
    def post(self, request: Request) -> Response:
        data = _validated(ProgressRequestSerializer, request).validated_data
        report = evaluate_progress(
            _measures(data["baseline"]),
            [_measures(visit) for visit in data["visits"]],
            progress_thresholds(home_clinic_for(request.user)),
            goals=[Goal(goal["measure"], goal["target"]) for goal in data.get("goals") or ()],
        )
        return Response(report.as_dict())


def _measures(body: dict) -> Measures:
    """A validated baseline or visit; a baseline's ``findings`` stays None when not given (v1)."""
    findings = body.get("findings")
    return Measures(
        date=body["date"],
        **{name: body.get(name) for name in MEASURE_FIELDS},
        findings=None if findings is None else frozenset(findings),
        adherence=body.get("adherence"),
        age=body.get("age"),
        sex=body.get("sex"),
    )
