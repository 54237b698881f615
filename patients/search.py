"""What a search box query for a patient means: name words in any order ("Lopez, Maria", "maria
lopez"), a record number, a date of birth in the clinic's format or ISO, a phone number (digits only)
or an e-mail address."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from clinic import dates

PHONE_MIN_DIGITS = 4
_PHONE_PUNCTUATION = re.compile(r"[\s+\-().]")
_NAME_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class PatientQuery:
    text: str
    name_terms: tuple[str, ...]
    born: date | None
    phone_digits: str | None
    email: str | None

    @property
    def is_empty(self) -> bool:
        return not self.text


def phone_digits(phone: str) -> str:
    """The digits that identify a phone number, without punctuation or the trunk prefix's zeros, so
    that "07700 900-123" and "+44 7700 900123" share "7700900123"."""
    return _PHONE_PUNCTUATION.sub("", phone).lstrip("0")


def parse_patient_query(text: str, date_format: str = dates.DateFormat.DAY_FIRST) -> PatientQuery:
    text = text.replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    digits = phone_digits(text)
    return PatientQuery(
        text=text,
        name_terms=tuple(term for term in _NAME_SEPARATORS.split(text) if term),
        born=dates.parse_date(text, date_format) if text else None,
        phone_digits=digits if digits.isdigit() and len(digits) >= PHONE_MIN_DIGITS else None,
        email=text if "@" in text else None,
    )
