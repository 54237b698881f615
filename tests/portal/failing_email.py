"""E-mail backends that fail the way real ones do, for ``override_settings(EMAIL_BACKEND=...)``."""

import smtplib

from django.core.mail import BadHeaderError
from django.core.mail.backends.base import BaseEmailBackend


class _FailingBackend(BaseEmailBackend):
    error: Exception

    def send_messages(self, email_messages):
        raise self.error


class SMTPRecipientsRefusedBackend(_FailingBackend):
    error = smtplib.SMTPRecipientsRefused({"maria@example.org": (550, b"No such user")})


class SMTPServerDisconnectedBackend(_FailingBackend):
    error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class ConnectionRefusedBackend(_FailingBackend):
    error = ConnectionRefusedError(111, "Connection refused")


class BadHeaderBackend(_FailingBackend):
    error = BadHeaderError("Header values can't contain newlines")


class UnicodeEncodeBackend(_FailingBackend):
    error = UnicodeEncodeError("ascii", "Mar\u00eda", 3, 4, "ordinal not in range(128)")


class RuntimeErrorBackend(_FailingBackend):
    error = RuntimeError("The mail provider's API answered 503")
