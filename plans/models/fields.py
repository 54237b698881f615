"""Field groups and constraints that several plans models share."""

from django.conf import settings
from django.db import models
from django.db.models import Q


def done_at_and_by() -> tuple[models.DateTimeField, models.ForeignKey]:
    """When a member of staff acted on a row, and who: both empty until someone does."""
    return (
        models.DateTimeField(null=True, blank=True),
        models.ForeignKey(
            settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
        ),
    )


def done_by_someone(action: str, *, name: str) -> models.CheckConstraint:
    """A time in ``<action>_at`` comes with who did it in ``<action>_by``."""
    return models.CheckConstraint(
        condition=Q(**{f"{action}_at__isnull": True}) | Q(**{f"{action}_by__isnull": False}), name=name
    )
