"""Every URL of the project, asked by every kind of user: nobody sees what they may not.

Two clinics with full records (tests/records.py) and portal accounts made by the real invitation
service. The walk iterates the URL resolver, the admin's pages of every registered model included,
and fills each path parameter with a real object of clinic A. Each user then GETs the URL (and POSTs
a minimal body where GET is not allowed). For each cell:
- no 500;
- a user who may not see the URL's object gets a redirect to a login page, 401, 403, 404 or 405;
- a 200 page holds no name, record number or e-mail of a patient the user may not see, no name of
  another clinic's staff and, for admin staff, no clinical text.
A URL pattern the walk cannot fill fails ``test_every_url_pattern_is_walked``: give it a filler
below, or add it to PUBLIC with the reason it is public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clinic.models import Membership
from patients.portal_accounts import portal_invite
from plans.models import Cause, EducationItem, Exercise
from tests.access_matrix import ADMIN_LOGIN, LOGIN, outcome_of
from tests.factories import (
    AppointmentFactory,
    ClinicFactory,
    HoldOverrideFactory,
    InterventionTypeFactory,
    PatientFactory,
    RecordAccessFactory,
    ReferralFactory,
    make_staff,
)
from tests.records import full_record

# URL names anyone may open, logged in or not, with why. Their pages are still checked for leaks.
PUBLIC = {
    "login": "the login page",
    "logout": "logging out (POST) when not logged in just redirects",
    "password_reset": "asking for a reset link",
    "password_reset_done": "the 'check your e-mail' page",
    "password_reset_confirm": "the reset link itself: its token is the credential",
    "password_reset_complete": "the 'password set' page",
    "portal:set_password": "a patient's invitation link: its token is the credential",
    "admin:login": "the admin's login page",
    "admin:logout": "the admin's logout",
    "healthz": "the load balancer's health check",
    "api:token": "exchanging a username and password for a token",
    "api:schema": "the API contract is public (plans/api/urls.py)",
    "api:docs": "the API contract is public (plans/api/urls.py)",
}

ROLES = ["anonymous", "therapist_a", "therapist_b", "admin_staff_a", "patient_1", "patient_2"]


@dataclass
class World:
    users: dict
    clients: dict[str, Client]
    a1: object  # patient 1's full record (clinic A)
    a2: object  # patient 2's full record (clinic A)
    b1: object  # a clinic B patient's full record
    referral: object = None  # patient 1's referral for the red flag at their visit
    admin_objects: dict = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)


def _patient_words(patient) -> list[str]:
    return [patient.given_name, patient.family_name, patient.record_number, patient.email]


def _staff_words(user) -> list[str]:
    return [user.get_full_name(), user.last_name]


def _build_world() -> World:
    clinic_a = ClinicFactory(name="Quillfeather Clinic")
    clinic_b = ClinicFactory(name="Brackenhollow Clinic")
    therapist_a = make_staff(clinic_a, username="t.alpha", first_name="Aurelio", last_name="Quimbleton")
    admin_a = make_staff(
        clinic_a, Membership.Role.ADMIN_STAFF, username="d.alpha", first_name="Adela", last_name="Deskwright"
    )
    therapist_b = make_staff(clinic_b, username="t.beta", first_name="Bettina", last_name="Vrolijkheid")
    admin_b = make_staff(
        clinic_b, Membership.Role.ADMIN_STAFF, username="d.beta", first_name="Bruno", last_name="Ostrowskyj"
    )

    def patient(clinic, therapist, given, family, number):
        return PatientFactory(
            clinic=clinic,
            given_name=given,
            family_name=family,
            record_number=number,
            email=f"{given}.{family}@mail.example".lower(),
            primary_therapist=therapist,
        )

    p1 = patient(clinic_a, therapist_a, "Quentina", "Zephyrault", "QA-7731")
    p2 = patient(clinic_a, therapist_a, "Evander", "Marchbank", "QA-8842")
    pb = patient(clinic_b, therapist_b, "Brunhilde", "Oxenstierna", "BB-9953")
    a1 = full_record(p1, therapist_a, marker="MarkAlphaOne")
    a2 = full_record(p2, therapist_a, marker="MarkAlphaTwo")
    b1 = full_record(pb, therapist_b, marker="MarkBetaOne")
    # Portal logins as the product makes them: the username is the patient's name.
    for p, by in ((p1, admin_a), (p2, admin_a), (pb, admin_b)):
        portal_invite(patient=p, user=by)
        p.refresh_from_db()

    users = {
        "therapist_a": therapist_a,
        "therapist_b": therapist_b,
        "admin_staff_a": admin_a,
        "patient_1": p1.portal_user,
        "patient_2": p2.portal_user,
    }
    for user in users.values():
        user.set_password("correct-horse-battery")
        user.save()
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from knox.models import AuthToken

    AuthToken.objects.create(user=therapist_b)
    a1_view = RecordAccessFactory(user=therapist_a, patient=p1, path="/x/")
    library = [EducationItem.objects.first(), Exercise.objects.get(slug="pelvic-tilt"), Cause.objects.first()]
    for item in library:  # the seed migration wrote no history rows
        item.save()
    world = World(users=users, clients=clients, a1=a1, a2=a2, b1=b1)
    world.cookies = {role: {k: m.value for k, m in c.cookies.items()} for role, c in clients.items()}
    referral = ReferralFactory(
        episode=a1.episode,
        assessment=None,
        prompt=a1.prompt,
        referred_to="GP MarkAlphaOne",
        recorded_by=therapist_a,
    )
    world.referral = referral
    override = HoldOverrideFactory(
        episode=a1.episode,
        assessment=None,
        prompt=a1.prompt,
        reason="Cleared by Dr MarkAlphaOne for gentle exercise.",
        overridden_by=therapist_a,
    )
    # Both clinics expect their patients this week: who is coming must list only one's own.
    from clinic import dates
    from plans.models import Visit

    Visit.objects.filter(pk__in=[a1.visit.pk, b1.visit.pk]).update(next_visit_date=dates.today())
    appointment = AppointmentFactory(patient=p2, therapist=therapist_a, on_date=dates.today())
    AppointmentFactory(patient=pb, therapist=therapist_b, on_date=dates.today())
    world.admin_objects = {
        "patients.appointment": appointment,
        "auth.group": Group.objects.order_by("pk").first(),
        "axes.accessattempt": AccessAttempt.objects.create(
            username=therapist_b.username, ip_address="10.0.0.2", user_agent="x", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.filter(username=therapist_b.username).first(),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username=therapist_b.username, ip_address="10.0.0.2", user_agent="x"
        ),
        "knox.authtoken": AuthToken.objects.get(user=therapist_b),
        "clinic.clinic": clinic_a,
        "clinic.membership": Membership.objects.get(user=therapist_a),
        "auth.user": p1.portal_user,
        "patients.patient": p1,
        "patients.episode": a1.episode,
        "patients.recordaccess": a1_view,
        "plans.educationitem": library[0],
        "plans.exercise": library[1],
        "plans.cause": library[2],
        "plans.assessment": a1.assessment,
        "plans.planversion": a1.current_version,
        "plans.visit": a1.visit,
        "plans.prompt": a1.prompt,
        "plans.referral": referral,
        "plans.holdoverride": override,
        "plans.homelog": a1.home_log,
        "plans.questionnairerequest": a1.completed_questionnaire,
        "plans.interventiontype": InterventionTypeFactory(clinic=clinic_a, name="Traction MarkAlphaTwo"),
    }

    a_people = _patient_words(p1) + _patient_words(p2)
    b_people = _patient_words(pb)
    a_staff = _staff_words(therapist_a) + _staff_words(admin_a)
    b_staff = _staff_words(therapist_b) + _staff_words(admin_b)
    a_clinical = ["MarkAlphaOne", "MarkAlphaTwo"]
    world.forbidden = {
        "anonymous": a_people + b_people + a_staff + b_staff + a_clinical + ["MarkBetaOne"],
        "therapist_a": b_people + b_staff + ["MarkBetaOne", clinic_b.name],
        "admin_staff_a": b_people + b_staff + ["MarkBetaOne", clinic_b.name] + a_clinical,
        "therapist_b": a_people + a_staff + a_clinical + [clinic_a.name],
        "patient_1": _patient_words(p2) + b_people + b_staff + ["MarkAlphaTwo", "MarkBetaOne"],
        "patient_2": _patient_words(p1) + b_people + b_staff + ["MarkAlphaOne", "MarkBetaOne"],
    }
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end; each test runs
    in a savepoint within it (like TestCase.setUpTestData), and each cell in one more."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- The walk ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, e.g. "episodes/<uuid:code>/plan/"
    name: str  # "plans:plan", or "" for an unnamed pattern


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            child = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), child)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or ""
            yield Route(prefix + str(pattern.pattern), name)


ROUTES = list(dict.fromkeys(_walk(get_resolver().url_patterns)))


@dataclass(frozen=True)
class Target:
    """A filled URL: its path, the roles that may see its object (None: no object of anyone's)."""

    path: str
    allowed: frozenset[str] | None
    public: bool = False
    redirects_to: str = ""  # a redirect there, for anyone, shows nothing (the target is walked too)


THERAPIST_A = frozenset({"therapist_a"})
STAFF_A = frozenset({"therapist_a", "admin_staff_a"})
ADMIN_ALLOWED = {
    # Who among our roles may open the admin page of clinic A's object (superusers aside).
    "patients.patient": STAFF_A,
    "patients.appointment": STAFF_A,
    "clinic.clinic": STAFF_A,
    # Staff accounts and roles are the practice manager's (not one of the walked roles).
    "clinic.membership": frozenset(),
    "auth.user": frozenset(),
    "patients.episode": THERAPIST_A,
    "plans.assessment": THERAPIST_A,
    "plans.planversion": THERAPIST_A,
    "plans.visit": THERAPIST_A,
    "plans.prompt": THERAPIST_A,
    "plans.referral": THERAPIST_A,
    "plans.holdoverride": THERAPIST_A,
    "plans.homelog": THERAPIST_A,
    "plans.questionnairerequest": THERAPIST_A,
    # Clinic A's own intervention type: its therapists read it (and the shared ones).
    "plans.interventiontype": THERAPIST_A,
    "patients.recordaccess": frozenset(),
    "auth.group": frozenset(),
    "axes.accessattempt": frozenset(),
    "axes.accesslog": frozenset(),
    "axes.accessfailurelog": frozenset(),
    "knox.authtoken": frozenset(),
    # The shared library belongs to no clinic: only its pages' content is checked.
    "plans.educationitem": None,
    "plans.exercise": None,
    "plans.cause": None,
}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")


def _admin_target(route: Route, world: World) -> Target | None:
    match = ADMIN_MODEL_ROUTE.match(route.route)
    if match is None:
        return None
    label = f"{match['app']}.{match['model']}"
    if label not in ADMIN_ALLOWED or label not in world.admin_objects:
        return None
    obj = world.admin_objects[label]
    rest = match["rest"]
    base = f"/admin/{match['app']}/{match['model']}/"
    allowed = ADMIN_ALLOWED[label]
    if rest in ("", "add/", "coming/"):
        return Target(base + rest, None)
    if rest == "<path:object_id>/thresholds/":  # the clinical lead's (not one of the walked roles)
        return Target(f"{base}{obj.pk}/thresholds/", frozenset())
    pk = str(obj.pk)
    fixed = {
        "<path:object_id>/": f"{pk}/",
        "<path:object_id>/change/": f"{pk}/change/",
        "<path:object_id>/history/": f"{pk}/history/",
        "<path:object_id>/delete/": f"{pk}/delete/",
        "<id>/password/": f"{pk}/password/",
    }
    if rest == "<path:object_id>/":  # the admin redirects to the change page, unconditionally
        return Target(base + fixed[rest], None, redirects_to=f"{base}{pk}/change/")
    if rest == "<path:object_id>/delete/" and allowed is not None:
        # Deleting is for superusers (and practice managers, for their clinic's staff).
        return Target(base + fixed[rest], frozenset())
    if rest in fixed:
        return Target(base + fixed[rest], allowed)
    if rest == "^([^/]+)/history/([^/]+)/$":
        version = obj.history.order_by("history_id").first()
        return Target(f"{base}{pk}/history/{version.history_id}/", allowed)
    return None


def _site_target(route: Route, world: World) -> Target | None:
    a1 = world.a1
    patient = a1.patient
    uid = urlsafe_base64_encode(force_bytes(patient.portal_user.pk))
    token = default_token_generator.make_token(patient.portal_user)
    everyone = None
    by_name = {
        "home": Target("/", everyone),
        "healthz": Target("/healthz/", everyone),
        "login": Target("/accounts/login/", everyone),
        "logout": Target("/accounts/logout/", everyone),
        "keep_alive": Target("/accounts/keep-alive/", everyone),
        "password_change": Target("/accounts/password_change/", everyone),
        "password_change_done": Target("/accounts/password_change/done/", everyone),
        "password_reset": Target("/accounts/password_reset/", everyone),
        "password_reset_done": Target("/accounts/password_reset/done/", everyone),
        "password_reset_confirm": Target(f"/accounts/reset/{uid}/{token}/", everyone),
        "password_reset_complete": Target("/accounts/reset/done/", everyone),
        "admin:index": Target("/admin/", everyone),
        "admin:login": Target("/admin/login/", everyone),
        "admin:logout": Target("/admin/logout/", everyone),
        "admin:password_change": Target("/admin/password_change/", everyone),
        "admin:password_change_done": Target("/admin/password_change/done/", everyone),
        "admin:autocomplete": Target(
            "/admin/autocomplete/?app_label=patients&model_name=patient&field_name=portal_user&term=",
            everyone,
        ),
        "admin:jsi18n": Target("/admin/jsi18n/", everyone),
        "admin:view_on_site": Target(
            f"/admin/r/{ContentType.objects.get_for_model(patient).pk}/{patient.pk}/", frozenset()
        ),  # a patient has no page outside the admin: a 404 for everyone
        "portal:home": Target("/portal/", everyone),
        "portal:log": Target("/portal/log/", everyone),
        "portal:history": Target("/portal/history/", everyone),
        "portal:plan_pdf": Target("/portal/plan.pdf", everyone),
        "plans:goal_drop": Target(
            reverse("plans:goal_drop", args=[a1.current_version.goals.first().pk]),
            THERAPIST_A,
        ),
        "plans:goal_judge": Target(
            reverse("plans:goal_judge", args=[a1.current_version.goals.first().pk]),
            THERAPIST_A,
        ),
        "plans:referral_letter": Target(
            reverse("plans:referral_letter", args=[a1.episode.code, world.referral.pk]), THERAPIST_A
        ),
        "portal:questionnaire": Target(
            f"/portal/questionnaires/{a1.pending_questionnaire.code}/", frozenset({"patient_1"})
        ),
        "portal:set_password": Target(f"/portal/welcome/{uid}/{token}/", everyone),
        "api:schema": Target("/api/schema/", everyone),
        "api:docs": Target("/api/docs/", everyone),
        "patients:list": Target("/patients/", everyone),
        "patients:create": Target("/patients/new/", everyone),
        "plans:dashboard": Target("/caseload/", everyone),
        "plans:attention": Target("/attention/", everyone),
        # Library pictures are shared by every clinic: any staff account or portal patient sees them.
        "plans:exercise-picture": Target(
            reverse(
                "plans:exercise-picture",
                kwargs={"pk": Exercise.objects.get(slug="pelvic-tilt").pk, "which": "start"},
            ),
            everyone,
        ),
    }
    if route.name in by_name:
        target = by_name[route.name]
        return Target(target.path, target.allowed, public=route.name in PUBLIC)
    if route.route.startswith("api/v1/"):  # the contract's paths, with or without the slash
        name = route.name or resolve("/" + route.route.rstrip("/")).view_name
        return Target("/" + route.route, everyone, public=name in PUBLIC)
    if route.name == "admin:app_list":
        return Target("/admin/patients/", everyone)
    if route.route == "admin/(?P<url>.*)$":  # the admin's catch-all: an unknown admin page
        return Target("/admin/no-such-page/", everyone)

    objects = {
        "patients/<uuid:code>/": (patient.code, STAFF_A),
        "episodes/<uuid:code>/": (a1.episode.code, THERAPIST_A),
        "visits/<uuid:code>/": (a1.visit.code, THERAPIST_A),
        "assessments/<uuid:code>/": (a1.assessment.code, THERAPIST_A),
        "questionnaires/<uuid:code>/": (a1.pending_questionnaire.code, STAFF_A),
        "prompts/<int:pk>/": (a1.prompt.pk, THERAPIST_A),
        "home-logs/<int:pk>/": (a1.home_log.pk, THERAPIST_A),
    }
    for prefix, (value, allowed) in objects.items():
        if route.route.startswith(prefix):
            path = route.route.replace("<uuid:code>", str(value)).replace("<int:pk>", str(value))
            path = path.replace("<int:number>", "1")
            if "<" in path:
                return None
            return Target("/" + path, allowed)
    return None


def _target(route: Route, world: World) -> Target | None:
    target = _admin_target(route, world) if route.route.startswith("admin/") else None
    return target or _site_target(route, world)


# --- One cell ---------------------------------------------------------------------------------------


def _is_login_redirect(response) -> bool:
    return outcome_of(response) in (LOGIN, ADMIN_LOGIN)


def _request(client: Client, path: str, method: str):
    if method == "GET":
        return client.get(path)
    if path.startswith("/api/"):
        return client.post(path, {}, content_type="application/json")
    return client.post(path, {})


CELLS: list[tuple[str, str, str, int]] = []  # every request made, for the report below


def _check_cell(world: World, target: Target, role: str) -> list[str]:
    """The problems of one user on one URL; the cell's writes are rolled back."""
    problems: list[str] = []
    client = world.clients[role]
    client.cookies = SimpleCookie(world.cookies[role])  # a logout cell cleared the session cookie
    with transaction.atomic():
        for method in ("GET", "POST"):
            try:
                response = _request(client, target.path, method)
            except Exception as error:  # the test client re-raises a view's exception: a 500
                problems.append(f"{method} raised {type(error).__name__}: {error}")
                break
            status = response.status_code
            CELLS.append((target.path, role, method, status))
            if status >= 500:
                problems.append(f"{method} gave {status}")
            may_see = target.allowed is None or role in target.allowed
            if not may_see and status not in (401, 403, 404, 405) and not _is_login_redirect(response):
                problems.append(f"{method} gave {status} for a user who may not see the object")
            if target.redirects_to:
                to_target = status == 302 and response["Location"] == target.redirects_to
                if not (to_target or _is_login_redirect(response)):
                    problems.append(f"{method} gave {status}, not a redirect to {target.redirects_to}")
            elif role == "anonymous" and not target.public:
                if status not in (401, 403, 404, 405) and not _is_login_redirect(response):
                    problems.append(f"{method} gave {status} to an anonymous user on a non-public page")
            if status == 200 and "pdf" not in response.get("Content-Type", ""):
                body = b"".join(response) if response.streaming else response.content
                text = body.decode(errors="replace").lower()
                seen = sorted({w for w in world.forbidden[role] if w and w.lower() in text})
                if seen:
                    problems.append(f"{method} 200 shows {seen}")
            if status != 405:
                break
        transaction.set_rollback(True)
    return problems


def _route_id(route: Route) -> str:
    return route.name if route.name and route.name != "admin:" else route.route


def test_every_url_pattern_is_walked(world, db):
    unfilled = [f"{r.route} ({r.name or 'unnamed'})" for r in ROUTES if _target(r, world) is None]
    assert not unfilled, f"Give these URL patterns a filler in this module: {unfilled}"
    assert len(ROUTES) > 150  # the admin's pages are in the walk


@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_no_url_leaks_to_anyone(world, route, db):
    target = _target(route, world)
    if target is None:
        pytest.skip("unfilled: see test_every_url_pattern_is_walked")
    failures = {}
    for role in ROLES:
        problems = _check_cell(world, target, role)
        if problems:
            failures[role] = problems
    assert not failures, f"{target.path}: {failures}"
    if target.allowed:
        # The filled object is really there: those who may see it are not refused.
        answered = {role: status for path, role, _, status in CELLS if path == target.path}
        if set(answered) & target.allowed:
            assert any(answered.get(role) in (200, 302, 405) for role in target.allowed), answered


def test_the_check_catches_a_page_shown_to_someone_who_may_not_see_it(world, db):
    """Clinic A's therapist's session, checked as if it were clinic B's: the patient page is a 200
    that shows clinic A's patient, and both faults are reported."""
    clients = dict(world.clients, therapist_b=world.clients["therapist_a"])
    impostor = World(users=world.users, clients=clients, a1=world.a1, a2=world.a2, b1=world.b1)
    impostor.forbidden = world.forbidden
    impostor.cookies = dict(world.cookies, therapist_b=world.cookies["therapist_a"])
    target = Target(f"/patients/{world.a1.patient.code}/", STAFF_A)
    problems = _check_cell(impostor, target, "therapist_b")
    assert any("may not see" in p for p in problems)
    assert any("Zephyrault".lower() in p for p in problems)


@pytest.fixture(scope="module", autouse=True)
def _report_cells(pytestconfig):
    yield
    if CELLS:
        statuses = {}
        for _, _, _, status in CELLS:
            statuses[status] = statuses.get(status, 0) + 1
        urls = len({path for path, *_ in CELLS})
        message = f"URL leak pass: {len(CELLS)} requests on {urls} URLs x {len(ROLES)} users; {statuses}"
        with pytestconfig.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\n{message}")
