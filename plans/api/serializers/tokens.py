"""POST /api/v1/auth/token: the credentials and the token."""

from __future__ import annotations

from django.contrib.auth import authenticate
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    """The credentials, checked through Django's ``authenticate`` (so django-axes sees each try)."""

    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"), username=attrs["username"], password=attrs["password"]
        )
        if user is None:
            raise serializers.ValidationError(
                "Unable to log in with provided credentials.", code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as 'Authorization: Token <token>'.")
    expiry = serializers.DateTimeField(help_text="After this the token is refused; obtain a new one.")
