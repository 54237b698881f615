"""Who may open which URL: one table per view test module, one test per role x URL cell.

A module declares its URLs and the outcome for each role, and runs every cell through ``check``:

    ACCESS = cells(
        row("detail", lambda get: reverse("patients:detail", args=[get("patient").code]), STAFF_PAGE),
        row("unknown code", lambda get: reverse("patients:detail", args=[uuid4()]), therapist=NOT_FOUND),
    )

    @pytest.mark.parametrize("cell", ACCESS)
    def test_access(cell, request):
        check(cell, request)

``get`` is pytest's ``request.getfixturevalue``: a URL is built from the fixtures of tests/conftest.py
and the module's conftest (``patient``, ``episode``, ``plan_version``...). The roles are the users of
tests/conftest.py: the clinic's therapist (who treats ``patient``), a colleague, the clinical lead,
admin staff and the practice manager, the other clinic's therapist (``outsider``), the patient's portal
account and a superuser. Every 200 is also read for the other clinic's data (its name, its staff, its
patient), which a user of one clinic must never be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import pytest
from django.test import Client


class Outcome(Enum):
    OK = "200"
    NO_CONTENT = "204"
    LOGIN = "302 to the login page"
    ADMIN_LOGIN = "302 to the admin's login page"
    DONE = "302 elsewhere (the action was done)"
    BAD_REQUEST = "400"
    UNAUTHORIZED = "401"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"


OK, LOGIN, ADMIN_LOGIN, DONE = Outcome.OK, Outcome.LOGIN, Outcome.ADMIN_LOGIN, Outcome.DONE
BAD_REQUEST, NO_CONTENT = Outcome.BAD_REQUEST, Outcome.NO_CONTENT
UNAUTHORIZED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = (
    Outcome.UNAUTHORIZED,
    Outcome.FORBIDDEN,
    Outcome.NOT_FOUND,
    Outcome.NOT_ALLOWED,
)
STATUS = {
    NO_CONTENT: 204,
    BAD_REQUEST: 400,
    UNAUTHORIZED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    NOT_ALLOWED: 405,
    OK: 200,
}
LOGIN_PATH, ADMIN_LOGIN_PATH = "/accounts/login/", "/admin/login/"

# Role -> the fixture of tests/conftest.py that is that user (anonymous: nobody logged in).
ROLE_FIXTURE = {
    "anonymous": None,
    "therapist": "therapist",
    "colleague": "colleague",
    "lead": "lead",
    "admin_staff": "admin_staff",
    "manager": "manager",
    "outsider": "outsider",
    "patient_account": "patient_account",
    "superuser": "superuser",
}
ROLES = tuple(ROLE_FIXTURE)
HOME_CLINIC_ROLES = frozenset({"therapist", "colleague", "lead", "admin_staff", "manager", "patient_account"})


def profile(default: Outcome, **outcomes: Outcome) -> dict[str, Outcome]:
    """Every role's outcome: ``default`` unless named."""
    unknown = set(outcomes) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: outcomes.get(role, default) for role in ROLES}


# The usual shapes. Clinical pages: the clinic's therapists and lead (and superusers) only; admin staff,
# practice managers and patients are refused; another clinic's staff are told it does not exist.
CLINICAL_PAGE = profile(
    OK,
    anonymous=LOGIN,
    admin_staff=FORBIDDEN,
    manager=FORBIDDEN,
    outsider=NOT_FOUND,
    patient_account=FORBIDDEN,
)
# Demographic pages: all of the clinic's staff.
STAFF_PAGE = profile(OK, anonymous=LOGIN, outsider=NOT_FOUND, patient_account=FORBIDDEN)
# Pages of the patient's portal: the patient only; staff are refused.
PORTAL_PAGE = profile(FORBIDDEN, anonymous=LOGIN, patient_account=OK)
# Pages of no one patient (lists, forms for new rows): each user sees their own clinic's.
STAFF_LIST = profile(OK, anonymous=LOGIN, patient_account=FORBIDDEN)
CLINICAL_LIST = profile(
    OK, anonymous=LOGIN, admin_staff=FORBIDDEN, manager=FORBIDDEN, patient_account=FORBIDDEN
)
# The JSON API: therapists, clinical leads and superusers; no session or token is a 401.
API_ENDPOINT = profile(
    OK, anonymous=UNAUTHORIZED, admin_staff=FORBIDDEN, manager=FORBIDDEN, patient_account=FORBIDDEN
)
# The admin site: anyone without admin access is sent to its login.
ADMIN_PAGE = profile(OK, anonymous=ADMIN_LOGIN, patient_account=ADMIN_LOGIN)


def done(shape: dict[str, Outcome]) -> dict[str, Outcome]:
    """The shape of a POST action on a page of that shape: who may see the page may do it (a redirect)."""
    return {role: DONE if outcome is OK else outcome for role, outcome in shape.items()}


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[Callable[[str], Any]], str]
    expect: dict[str, Outcome]
    method: str = "get"
    data: Callable[[Callable[[str], Any]], dict] | None = None
    json: bool = False
    contains: tuple[str, ...] = ()  # text every 200 shows to the clinic's own users


def row(
    name: str,
    url: Callable[[Callable[[str], Any]], str],
    shape: dict[str, Outcome] | None = None,
    *,
    method: str = "get",
    data: Callable[[Callable[[str], Any]], dict] | None = None,
    json: bool = False,
    contains: tuple[str, ...] = (),
    **outcomes: Outcome,
) -> Row:
    """A URL's line of the table: ``shape`` (all roles) with ``outcomes`` for some roles changed, or
    only the roles named when there is no shape."""
    unknown = set(outcomes) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return Row(name, url, {**(shape or {}), **outcomes}, method, data, json, contains)


@dataclass(frozen=True)
class Cell:
    row: Row
    role: str
    expected: Outcome = field(compare=False)

    def __str__(self) -> str:
        return f"{self.row.name}-{self.role}"


def cells(*rows: Row) -> list:
    """One pytest parameter per role x URL, named "<row>-<role>"."""
    return [
        pytest.param(Cell(r, role, expected), id=f"{r.name}-{role}", marks=pytest.mark.django_db)
        for r in rows
        for role, expected in r.expect.items()
    ]


def other_clinic_words(request: pytest.FixtureRequest, role: str) -> list[str]:
    """What a user of one clinic must not see of the other: its name, its therapist, its patient."""
    get = request.getfixturevalue
    home = [get("clinic").name, get("therapist").get_full_name(), get("patient").full_name]
    home.append(get("patient").record_number)
    away = [get("other_clinic").name, get("outsider").get_full_name(), get("outsider_patient").full_name]
    away.append(get("outsider_patient").record_number)
    if role == "outsider":
        return home
    if role in HOME_CLINIC_ROLES:
        return away
    return []


def outcome_of(response) -> Outcome | None:
    status = response.status_code
    if status == 302:
        to = response["Location"].split("?")[0]
        return {LOGIN_PATH: LOGIN, ADMIN_LOGIN_PATH: ADMIN_LOGIN}.get(to, DONE)
    return {code: outcome for outcome, code in STATUS.items()}.get(status)


def check(cell: Cell, request: pytest.FixtureRequest) -> None:
    """Asks the cell's URL as the cell's role, and checks the outcome and what a 200 shows."""
    get = request.getfixturevalue
    words = other_clinic_words(request, cell.role)  # also makes the other clinic's rows
    client = Client()
    if fixture := ROLE_FIXTURE[cell.role]:
        client.force_login(get(fixture))
    url = cell.row.url(get)
    ask = getattr(client, cell.row.method)
    data = cell.row.data(get) if cell.row.data else None
    if cell.row.json:
        response = ask(url, data or {}, content_type="application/json")
    else:
        response = ask(url, data) if data is not None else ask(url)
    where = f" -> {response['Location']}" if response.status_code == 302 else ""
    assert outcome_of(response) == cell.expected, (
        f"{cell.row.method.upper()} {url} as {cell.role}: {response.status_code}{where}, "
        f"expected {cell.expected.value}"
    )
    if response.status_code == 200 and "pdf" not in response.get("Content-Type", ""):
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        assert not [w for w in words if w in text], f"{url} shows {cell.role} the other clinic's data"
        shown_here = cell.row.contains if cell.role in HOME_CLINIC_ROLES | {"superuser"} else ()
        missing = [w for w in shown_here if w not in text]
        assert not missing, f"{url} does not show {cell.role} {missing}"
