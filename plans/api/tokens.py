"""API tokens (django-rest-knox): issued to clinic staff only, and revoked whenever the account's
password changes or the account is deactivated, whichever way that happens (admin, the password
pages, the portal's set-password link, ``set_password`` and ``save`` anywhere)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from clinic import access

_REVOKE_FLAG = "_upright_revoke_api_tokens"


def may_hold_api_token(user) -> bool:
    """Clinic staff and superusers; never a patient's portal login or an account with no role."""
    return access.is_clinic_staff(user)


def api_token_issue(*, user) -> tuple[AuthToken, str]:
    """A new token for the user (the plain token is returned once, only its digest is stored). The
    user's expired tokens are cleared on the way."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)


def api_token_revoke(*, token: AuthToken) -> None:
    token.delete()


def api_tokens_revoke(*, user) -> int:
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def _note_credential_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login on every log-in: no query
    stored = sender._base_manager.filter(pk=instance.pk).values("password", "is_active").first()
    # The stored hash also changes when Django upgrades a hasher at log-in; revoking then is harmless.
    changed = stored is not None and (
        stored["password"] != instance.password or (stored["is_active"] and not instance.is_active)
    )
    setattr(instance, _REVOKE_FLAG, changed)


def _revoke_after_credential_change(sender, instance, **kwargs) -> None:
    if getattr(instance, _REVOKE_FLAG, False):
        api_tokens_revoke(user=instance)
        setattr(instance, _REVOKE_FLAG, False)


def connect_signals() -> None:
    user_model = get_user_model()
    pre_save.connect(_note_credential_change, sender=user_model, dispatch_uid="upright_api_token_pre_save")
    post_save.connect(
        _revoke_after_credential_change, sender=user_model, dispatch_uid="upright_api_token_post_save"
    )
