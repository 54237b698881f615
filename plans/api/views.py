"""The decision-support API (shared/api-contract.md): parse, validate, call the engine, answer.

Errors are in the contract's shape (plans.api.parsing). Thresholds are the asking user's clinic
settings, or the defaults for a user without a clinic (a superuser). The engine's answers are sent
as it gives them, once checked against the response serializers (plans.api.conformance).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import user_logged_in, user_logged_out
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from knox.auth import TokenAuthentication
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from clinic.access import home_clinic_for
from plans.api.conformance import conforming
from plans.api.parsing import ContractJSONParser, flatten_errors, json_object, validated
from plans.api.permissions import IsTherapist
from plans.api.serializers.progress import ProgressRequestSerializer, ProgressResponseSerializer
from plans.api.serializers.suggest import SuggestRequestSerializer, SuggestResponseSerializer
from plans.api.serializers.tokens import TokenRequestSerializer, TokenResponseSerializer
from plans.api.throttles import TokenObtainThrottle
from plans.api.tokens import api_token_issue, api_token_revoke, api_tokens_revoke, may_hold_api_token
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.progress import evaluate_progress
from plans.selectors.library import load_catalog, progress_thresholds, stage_thresholds

ERRORS_SCHEMA = {
    "type": "object",
    "description": "Each offending field, as a dotted path for nested fields, mapped to messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
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
        serializer = TokenRequestSerializer(data=json_object(request), context={"request": request})
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


def _post_schema(
    *, operation_id: str, tag: str, summary: str, request: Any, responses: dict[int, Any]
) -> Any:
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id, tags=[tag], summary=summary, request=request, responses=responses
        )
    )


class _LogoutView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def revoke(self, request: Request) -> None:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        self.revoke(request)
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@_post_schema(
    operation_id="auth_logout",
    tag="auth",
    summary="Revoke the token sent with this request",
    request=None,
    responses={204: OpenApiResponse(description="The token is revoked."), 401: NO_TOKEN_PRESENTED},
)
class LogoutView(_LogoutView):
    def revoke(self, request: Request) -> None:
        api_token_revoke(token=request.auth)


@_post_schema(
    operation_id="auth_logoutall",
    tag="auth",
    summary="Revoke every token of the user",
    request=None,
    responses={
        204: OpenApiResponse(description="All the user's tokens are revoked."),
        401: NO_TOKEN_PRESENTED,
    },
)
class LogoutAllView(_LogoutView):
    def revoke(self, request: Request) -> None:
        api_tokens_revoke(user=request.user)


class _DecisionSupportView(APIView):
    permission_classes: list[type[BasePermission]] = [IsTherapist]
    parser_classes = [ContractJSONParser]


DECISION_SUPPORT_SUMMARIES = {
    "suggest": "Triage, stage, scores, ranked causes and a first plan for one assessment",
    "progress_evaluate": "Judge visits against a baseline and raise progress prompts",
}


def _decision_support_schema(
    operation_id: str, request: type[serializers.Serializer], response: type[serializers.Serializer]
) -> Any:
    return _post_schema(
        operation_id=operation_id,
        tag="decision support",
        summary=DECISION_SUPPORT_SUMMARIES[operation_id],
        request=request,
        responses={200: response, 400: BAD_INPUT, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 429: THROTTLED},
    )


@_decision_support_schema("suggest", SuggestRequestSerializer, SuggestResponseSerializer)
class SuggestView(_DecisionSupportView):
    def post(self, request: Request) -> Response:
        serializer = validated(SuggestRequestSerializer, request)
        suggestion = suggest(
            assessment_from_contract(serializer.to_contract()),
            load_catalog(),
            stage_thresholds=stage_thresholds(home_clinic_for(request.user)),
        )
        return Response(conforming(SuggestResponseSerializer, suggestion.as_dict()))


@_decision_support_schema("progress_evaluate", ProgressRequestSerializer, ProgressResponseSerializer)
class ProgressEvaluateView(_DecisionSupportView):
    def post(self, request: Request) -> Response:
        baseline, visits, goals = validated(ProgressRequestSerializer, request).to_engine_input()
        report = evaluate_progress(
            baseline, visits, progress_thresholds(home_clinic_for(request.user)), goals=goals
        )
        return Response(conforming(ProgressResponseSerializer, report.as_dict()))
