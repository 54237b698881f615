"""The message a button's action leaves on the next page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def report_outcome(request: HttpRequest, action: Callable[[], object], *, success: str) -> bool:
    """Run ``action`` (a service call); say ``success``, or what the service refused and why."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
