"""No lost writes under load: concurrent writes through the pages, then a check of every one in the database.

Against a running server (loopback only), this logs therapists and portal patients in through the real
login page (CSRF token, session cookie) and, in threads, records visits on many episodes through the
visit form, logs home sessions through the portal, and has two or more therapists save or approve the
same plan draft at the same moment through the plan editor. Some submissions are invalid on purpose
(pain 11, a plan without a review date). Nothing is retried: every write is kept as a ``Write`` with
what was sent, its unique marker (the note or comment text), the status and the verdict read from
the answer: accepted (a redirect), conflict (409 saying someone else saved first) or validation (the
form again, with a message on the field).

``verify`` then reads the database: every accepted write present exactly once by its marker, no
refused one present, no 5xx, every refusal with a clear message, one winner per plan-editor round
(the others lost with a conflict), the plan or draft left as the last winner wrote it, and no
episode whose stored caseload state differs from what its rows imply.

The driver (``run``) is plain Python (threads and urllib), so it can be pointed at any server; the
CI test (tests/load/test_concurrent_writes.py) runs a short version against ``live_server``, and
``bench/run`` the full one against gunicorn on the benchmark database (``main`` below).

    .venv/bin/python bench/load.py --workers 16 --requests 1200    # environment as bench/run sets it
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "load-results.json"
HTTP_TIMEOUT_S = 60

ACCEPTED, CONFLICT, VALIDATION, ERROR, UNCLEAR = "accepted", "conflict", "validation", "error", "unclear"
VISIT, HOME_LOG, PLAN_DRAFT, PLAN_APPROVE = "visit", "home_log", "plan_draft", "plan_approve"
# What the server says when a save lost a race: a draft saved, or a version approved, after the
# editor was opened (plans.views.plan_editor), or a stale record (django-concurrency's 409 page).
CONFLICT_WORDS = re.compile(r"after you opened|changed since|was removed since|someone else", re.I)


# --- HTTP: a browser's session, forms and messages, with the standard library only -----------------


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # checkbox values, checked or not

    def values(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, value in self.fields:
            found.setdefault(name, []).append(value)
        return found


class PageParser(HTMLParser):
    """The forms of a page with the values a browser would send (no submit button), and the messages
    it shows: errors (``invalid-feedback`` by a field, by element id; ``alert-danger``) and warnings
    (``alert-warning``: a plan conflict, but also a page's notices, which refuse nothing)."""

    VOID = {"input", "br", "img", "hr", "meta", "link", "source", "wbr", "col", "area", "base"}
    ERROR_CLASSES = ("invalid-feedback", "alert-danger", "errorlist")
    WARNING_CLASSES = ("alert-warning",)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.errors: list[tuple[str, str]] = []  # (element id, text)
        self.warnings: list[tuple[str, str]] = []
        self._form: Form | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None  # name, multiple, chosen, all
        self._option: tuple[str, bool] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._template_depth = 0
        self._captures: list[list[Any]] = []  # [tag, depth, id, text parts]

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attr_list}
        for capture in self._captures:
            if capture[0] == tag and tag not in self.VOID:
                capture[1] += 1
        classes = attrs.get("class", "").split()
        for found, names in ((self.errors, self.ERROR_CLASSES), (self.warnings, self.WARNING_CLASSES)):
            if any(name in classes for name in names) and tag not in self.VOID:
                self._captures.append([tag, 1, attrs.get("id", ""), [], found])
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = (attrs.get("name", ""), "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value", ""), "selected" in attrs)
            self._select[3].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select[2].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = (attrs.get("name", ""), [])

    def _input(self, attrs: dict[str, str]) -> None:
        assert self._form is not None
        name, kind = attrs.get("name", ""), attrs.get("type", "text").lower()
        if not name or kind in {"submit", "button", "image", "reset", "file"} or "disabled" in attrs:
            return
        value = attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
        if kind in {"checkbox", "radio"}:
            self._form.choices.setdefault(name, []).append(value)
            if "checked" not in attrs:
                return
        self._form.fields.append((name, value))

    def handle_endtag(self, tag: str) -> None:
        for capture in list(self._captures):
            if capture[0] == tag:
                capture[1] -= 1
                if capture[1] == 0:
                    self._captures.remove(capture)
                    text = " ".join("".join(capture[3]).split())
                    if text:
                        capture[4].append((capture[2], text))
        if tag == "template":
            self._template_depth = max(0, self._template_depth - 1)
            return
        if self._template_depth or self._form is None:
            return
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, multiple, chosen, every = self._select
            if not chosen and not multiple and every:
                chosen = every[:1]
            self._form.fields += [(name, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea[0], "".join(self._textarea[1]).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        for capture in self._captures:
            capture[3].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)


@dataclass
class Page:
    status: int
    location: str
    body: str

    def parsed(self) -> PageParser:
        parser = PageParser()
        parser.feed(self.body)
        return parser

    def form(self, marker: str) -> Form:
        """The page's form that carries a field named ``marker``."""
        for form in self.parsed().forms:
            if any(name == marker for name, _ in form.fields) or marker in form.choices:
                return form
        raise LookupError(f"no form with a field {marker!r} on the page (status {self.status})")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is the answer: it says where the saved record is


class Browser:
    """One user's session: a cookie jar, the CSRF token, no redirects followed, nothing retried."""

    def __init__(self, base_url: str) -> None:
        host = urllib.parse.urlsplit(base_url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError(f"The load test runs on loopback only, not against {host}.")
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )
        self.requests = 0

    def _open(self, request: urllib.request.Request) -> Page:
        self.requests += 1
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT_S) as response:
                return Page(response.status, response.headers.get("Location", ""), response.read().decode())
        except urllib.error.HTTPError as answer:
            return Page(
                answer.code, answer.headers.get("Location", ""), answer.read().decode(errors="replace")
            )

    def get(self, path: str) -> Page:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: list[tuple[str, str]]) -> Page:
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}, method="POST"
        )
        return self._open(request)

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        form = page.form("csrfmiddlewaretoken")
        fields = [(k, v) for k, v in form.fields if k not in {"username", "password"}]
        answer = self.post("/accounts/login/", [*fields, ("username", username), ("password", password)])
        if answer.status != 302:
            raise RuntimeError(f"{username} could not log in: {answer.status}")


def replaced(fields: list[tuple[str, str]], **values: str | list[str]) -> list[tuple[str, str]]:
    """``fields`` with each named field set to the value (or values) given."""
    kept = [(k, v) for k, v in fields if k not in values]
    for name, value in values.items():
        kept += [(name, v) for v in ([value] if isinstance(value, str) else value)]
    return kept


# --- what was sent and what came back ----------------------------------------------------------------


@dataclass
class Write:
    kind: str
    actor: str
    episode: str  # the episode's code
    marker: str
    invalid: str = ""  # the field made invalid on purpose
    sent: dict[str, Any] = field(default_factory=dict)
    status: int = 0
    verdict: str = ""
    messages: list[tuple[str, str]] = field(default_factory=list)  # errors: (element id, text)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # a plan conflict is one
    location: str = ""
    round: int | None = None
    seconds: float = 0.0


def judge(write: Write, page: Page, *, accepted_at: str) -> None:
    """The verdict on one answer: a redirect to ``accepted_at`` accepts; a 409 naming the race is a
    conflict; the form again with a message is a validation refusal; anything else is unclear."""
    write.status, write.location = page.status, page.location
    parsed = page.parsed() if page.status != 302 else PageParser()
    write.messages, write.warnings = parsed.errors, parsed.warnings
    text = " ".join(message for _, message in write.messages + write.warnings)
    if page.status >= 500:
        write.verdict = ERROR
    elif page.status == 302 and accepted_at in page.location:
        write.verdict = ACCEPTED
    elif page.status == 409 and CONFLICT_WORDS.search(text):
        write.verdict = CONFLICT
    elif page.status == 200 and parsed.errors:
        write.verdict = VALIDATION
    else:
        write.verdict = UNCLEAR


# --- the scenario -------------------------------------------------------------------------------------


@dataclass
class Scenario:
    base_url: str
    password: str
    therapists: list[str]  # one visit worker each
    visit_episodes: list[str]  # codes of open episodes every therapist above may record visits on
    patients: list[str]  # portal logins, one home-log worker each, each with a current plan
    editors: list[tuple[str, list[str]]]  # (episode code, two or more therapists editing its plan)
    writes_per_worker: int = 20
    rounds: int = 10  # plan-editor rounds per episode: every editor submits once per round
    invalid_every: int = 7  # every n-th visit and home log is invalid on purpose
    deadline_s: float = 120.0
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])


@dataclass
class Report:
    run_id: str
    writes: list[Write] = field(default_factory=list)
    http_requests: int = 0
    seconds: float = 0.0
    stopped_by_deadline: int = 0  # writes left unsent when the wall-clock cap came
    failures: list[str] = field(default_factory=list)  # a worker that could not go on (login, a page)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)

    def counts(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = {}
        for write in self.writes:
            table.setdefault(write.kind, Counter())[write.verdict] += 1
        return {kind: dict(counter) for kind, counter in sorted(table.items())}

    def mean_seconds(self) -> dict[str, float]:
        """Per kind, the mean seconds of one write: its page and the submit (the editor: the submit)."""
        times: dict[str, list[float]] = {}
        for write in self.writes:
            times.setdefault(write.kind, []).append(write.seconds)
        return {kind: round(sum(each) / len(each), 3) for kind, each in sorted(times.items())}


def _timed(write: Write, started: float) -> Write:
    write.seconds = round(time.monotonic() - started, 4)
    return write


@contextmanager
def _worker_browser(
    scenario: Scenario, report: Report, who: str, on_failure: Callable[[], object] = lambda: None
) -> Iterator[Browser]:
    """A worker's browser, which the worker signs in first. A failure, the sign-in's too, ends the
    worker and goes in the report, which counts the worker's HTTP requests however it ended."""
    browser = Browser(scenario.base_url)
    try:
        yield browser
    except Exception as error:  # noqa: BLE001  # the report names it; the checks then fail
        on_failure()
        report.failures.append(f"{who}: {error!r}")
    finally:
        with report.lock:
            report.http_requests += browser.requests


def _writes(scenario: Scenario, report: Report, deadline: float) -> Iterator[int]:
    """The numbers of a worker's writes, until the deadline; the report counts the ones left unsent."""
    for n in range(scenario.writes_per_worker):
        if time.monotonic() > deadline:
            with report.lock:
                report.stopped_by_deadline += scenario.writes_per_worker - n
            return
        yield n


def visit_worker(scenario: Scenario, report: Report, number: int, username: str, deadline: float) -> None:
    rng = random.Random(f"{scenario.run_id}-visit-{number}")
    with _worker_browser(scenario, report, f"visit worker {username}") as browser:
        browser.login(username, scenario.password)
        for n in _writes(scenario, report, deadline):
            episode = rng.choice(scenario.visit_episodes)
            started = time.monotonic()
            path = f"/episodes/{episode}/visits/new/"
            form = browser.get(path).form("nprs")
            invalid = "nprs" if n % scenario.invalid_every == scenario.invalid_every - 1 else ""
            marker = f"load-{scenario.run_id}-visit-{number}-{n}"
            # An empty time is "now", to the second: visits on one episode are kept in order.
            sent = {"nprs": "11" if invalid else str(rng.randint(0, 10)), "note": marker, "visit_time": ""}
            write = Write(VISIT, username, episode, marker, invalid=invalid, sent=sent)
            judge(write, browser.post(path, replaced(form.fields, **sent)), accepted_at="/visits/")
            report.add(_timed(write, started))


def home_log_worker(scenario: Scenario, report: Report, number: int, username: str, deadline: float) -> None:
    rng = random.Random(f"{scenario.run_id}-home-{number}")
    with _worker_browser(scenario, report, f"home-log worker {username}") as browser:
        browser.login(username, scenario.password)
        for n in _writes(scenario, report, deadline):
            started = time.monotonic()
            form = browser.get("/portal/log/").form("pain_before")
            invalid = "pain_after" if n % scenario.invalid_every == scenario.invalid_every - 1 else ""
            marker = f"load-{scenario.run_id}-home-{number}-{n}"
            sent: dict[str, Any] = {
                "exercises": form.choices.get("exercises", []),
                "pain_before": str(rng.randint(0, 6)),
                "pain_after": "11" if invalid else str(rng.randint(0, 6)),
                "comment": marker,
            }
            write = Write(HOME_LOG, username, "", marker, invalid=invalid, sent=sent)
            judge(
                write,
                browser.post("/portal/log/", replaced(form.fields, **sent)),
                accepted_at="/portal/history/",
            )
            report.add(_timed(write, started))


def editor_worker(
    scenario: Scenario,
    report: Report,
    episode: str,
    seat: int,
    username: str,
    barrier: threading.Barrier,
    deadline: float,
) -> None:
    """One of the therapists editing ``episode``'s plan: each round they all open the editor, wait for
    each other, then submit at once; every third round they approve instead of saving a draft. A
    failure breaks the round for the others (it is all of them or none)."""
    path = f"/episodes/{episode}/plan/edit/"
    who = f"editor {username} on {episode}"
    with _worker_browser(scenario, report, who, on_failure=barrier.abort) as browser:
        browser.login(username, scenario.password)
        try:
            for n in range(scenario.rounds):
                barrier.wait(timeout=HTTP_TIMEOUT_S)  # the last round's saves are all answered
                if time.monotonic() > deadline:
                    with report.lock:
                        report.stopped_by_deadline += 1
                    barrier.abort()
                    break
                form = browser.get(path).form("based_on")
                approve = n % 3 == 2
                invalid = "review_date" if seat == 0 and n % 5 == 4 else ""
                marker = f"load-{scenario.run_id}-plan-{episode[:8]}-{n}-{seat}"
                sent = {
                    "action": "approve" if approve else "draft",
                    "notes": marker,
                    "reason": f"Load test round {n}",
                    **({"review_date": ""} if invalid else {}),
                }
                kind = PLAN_APPROVE if approve else PLAN_DRAFT
                write = Write(kind, username, episode, marker, invalid=invalid, sent=sent, round=n)
                write.sent["loaded"] = {k: form.values().get(k) for k in ("based_on", "draft_version")}
                barrier.wait(timeout=HTTP_TIMEOUT_S)  # everyone has the same draft open
                started = time.monotonic()
                page = browser.post(path, replaced(form.fields, **sent))
                judge(write, page, accepted_at=f"/episodes/{episode}/")
                report.add(_timed(write, started))
            else:
                barrier.wait(timeout=HTTP_TIMEOUT_S)
        except threading.BrokenBarrierError:
            pass  # the deadline, or another editor's failure (reported by that editor)


def run(scenario: Scenario) -> Report:
    report = Report(scenario.run_id)
    started = time.monotonic()
    deadline = started + scenario.deadline_s
    threads = [
        threading.Thread(target=visit_worker, args=(scenario, report, i, who, deadline))
        for i, who in enumerate(scenario.therapists)
    ]
    threads += [
        threading.Thread(target=home_log_worker, args=(scenario, report, i, who, deadline))
        for i, who in enumerate(scenario.patients)
    ]
    for episode, editors in scenario.editors:
        barrier = threading.Barrier(len(editors))
        threads += [
            threading.Thread(
                target=editor_worker, args=(scenario, report, episode, seat, who, barrier, deadline)
            )
            for seat, who in enumerate(editors)
        ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=scenario.deadline_s + 2 * HTTP_TIMEOUT_S)
        if thread.is_alive():
            report.failures.append(f"{thread.name} was still running after the deadline")
    report.seconds = round(time.monotonic() - started, 2)
    return report


# --- the checks, in the database (needs Django set up) -----------------------------------------------


def _present(kind: str, markers: list[str]) -> Counter[str]:
    """How many rows carry each marker, for one kind of write."""
    from plans.models import HomeLog, PlanDraft, PlanVersion, Visit

    if kind == VISIT:
        found = Visit.objects.filter(note__in=markers).values_list("note", flat=True)
    elif kind == HOME_LOG:
        found = HomeLog.objects.filter(comment__in=markers).values_list("comment", flat=True)
    elif kind == PLAN_APPROVE:
        found = PlanVersion.objects.filter(notes__in=markers).values_list("notes", flat=True)
    else:  # every save of a draft is a row of its history: the draft itself keeps only the last
        found = (
            PlanDraft.history.filter(content__version__notes__in=markers)
            .exclude(history_type="-")
            .values_list("content__version__notes", flat=True)
        )
    return Counter(found)


def _editor_rounds(report: Report) -> list[str]:
    """Lost updates in the plan editor: in each round, everyone opened the same draft, so exactly one
    save may win (none when the only valid one was refused for another reason); and what the
    episode holds at the end is what the last winner sent."""
    from plans.models import PlanDraft, PlanVersion

    problems = []
    rounds: dict[tuple[str, int], list[Write]] = {}
    for write in report.writes:
        if write.round is not None:
            rounds.setdefault((write.episode, write.round), []).append(write)
    last_winner: dict[str, Write] = {}
    for (episode, number), writes in sorted(rounds.items()):
        winners = [w for w in writes if w.verdict == ACCEPTED]
        loaded = {json.dumps(w.sent["loaded"]) for w in writes}
        if len(loaded) == 1 and len(winners) > 1:
            problems.append(
                f"lost update: {len(winners)} saves from one draft won in round {number} on {episode}"
            )
        if len(loaded) == 1 and not winners and any(not w.invalid for w in writes):
            problems.append(f"round {number} on {episode}: no save won ({[w.verdict for w in writes]})")
        if winners:
            last_winner[episode] = winners[-1]
    for episode, write in last_winner.items():
        draft = PlanDraft.objects.filter(episode__code=episode).first()
        latest = PlanVersion.objects.filter(plan__episode__code=episode).order_by("-number").first()
        if write.kind == PLAN_DRAFT:
            held = draft.content["version"]["notes"] if draft is not None else None
        else:
            held = latest.notes if draft is None and latest is not None else f"draft {draft}"
        if held != write.marker:
            problems.append(f"{episode} holds {held!r}, not the last winner's {write.marker!r}")
    return problems


def verify(report: Report) -> list[str]:
    """Everything wrong with the run, in words; an empty list when no write was lost, doubled or
    refused without a clear message, and every touched episode's caseload state matches its rows."""
    return row_problems(report) + state_problems(report)


def row_problems(report: Report) -> list[str]:
    """The answers and the rows: no 5xx, every refusal clear, every accepted write there once and no
    refused one there at all, one winner per plan-editor round."""
    problems = list(report.failures)
    if not report.writes:
        problems.append("no write was sent")
    for write in report.writes:
        where = f"{write.kind} {write.marker} ({write.status})"
        if write.verdict == ERROR:
            problems.append(f"{where}: a server error")
        elif write.verdict == UNCLEAR:
            problems.append(f"{where}: neither accepted nor refused with a clear message: {write.messages}")
        elif write.invalid and write.verdict != VALIDATION:
            problems.append(f"{where}: invalid {write.invalid} was {write.verdict}")
        elif write.invalid and not any(write.invalid in element for element, _ in write.messages):
            problems.append(f"{where}: refused without a message at {write.invalid}: {write.messages}")
    for kind in (VISIT, HOME_LOG, PLAN_DRAFT, PLAN_APPROVE):
        writes = [w for w in report.writes if w.kind == kind]
        present = _present(kind, [w.marker for w in writes])
        for write in writes:
            expected = 1 if write.verdict == ACCEPTED else 0
            if present[write.marker] != expected:
                problems.append(
                    f"{kind} {write.marker}: {write.verdict}, and {present[write.marker]} rows carry it"
                )
    return problems + _editor_rounds(report)


def state_problems(report: Report) -> list[str]:
    """Every episode the run wrote to: its stored caseload state is what its rows imply."""
    from patients.models import Episode
    from plans.selectors.caseload_state import drifted

    codes = {w.episode for w in report.writes if w.episode}
    patients = {w.actor for w in report.writes if w.kind == HOME_LOG}
    touched = Episode.objects.filter(code__in=codes) | Episode.objects.filter(
        patient__portal_user__username__in=patients, status=Episode.Status.OPEN
    )
    episode_ids = sorted(set(touched.values_list("pk", flat=True)))
    if wrong := drifted(episode_ids):
        return [f"caseload state differs from the rows on episodes {wrong}"]
    return []


def refusal_examples(report: Report) -> dict[str, list[str]]:
    """Per kind and verdict, the different messages the refusals carried (a few of each)."""
    found: dict[str, list[str]] = {}
    for write in report.writes:
        if write.verdict in {CONFLICT, VALIDATION}:
            shown = found.setdefault(f"{write.kind} {write.verdict}", [])
            said = write.messages + (write.warnings if write.verdict == CONFLICT else [])
            text = " | ".join(message for _, message in said)[:300]
            if text not in shown and len(shown) < 5:
                shown.append(text)
    return found


def summary(report: Report, problems: list[str], **extra: Any) -> dict[str, Any]:
    shown = [w for w in report.writes if w.verdict in {ERROR, UNCLEAR}][:20]
    return {
        "run_id": report.run_id,
        "seconds": report.seconds,
        "writes": len(report.writes),
        "http_requests": report.http_requests,
        "writes_per_s": round(len(report.writes) / report.seconds, 1) if report.seconds else None,
        "verdicts": report.counts(),
        "mean_s": report.mean_seconds(),
        "stopped_by_deadline": report.stopped_by_deadline,
        "problems": problems,
        "unclear_or_errors": [asdict(w) for w in shown],
        "refusals": refusal_examples(report),
        "refused_without_intent": [  # valid writes that lost a race, or met a changed record
            {"kind": w.kind, "marker": w.marker, "verdict": w.verdict, "messages": w.messages}
            for w in report.writes
            if w.verdict == VALIDATION and not w.invalid
        ][:20],
        **extra,
    }


# --- the full run, from bench/run ---------------------------------------------------------------------


def bench_scenario(base_url: str, workers: int, requests: int, deadline_s: float) -> Scenario:
    """A clinic of the seeded benchmark database: its therapists record visits on its open episodes
    with a plan, some of its patients log home sessions (given portal logins here), and pairs of its
    therapists edit the plans of a few more episodes. Demo logins share the seed's password."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from clinic import dates
    from clinic.management.commands.seed_demo import DEMO_PASSWORD
    from clinic.models import Membership
    from patients.models import Episode
    from plans.models import PlanExercise
    from plans.selectors.holds import plan_blocker

    membership = (
        Membership.objects.filter(role=Membership.Role.THERAPIST, user__username__contains="-c1-")
        .select_related("clinic")
        .first()
        or Membership.objects.filter(role=Membership.Role.THERAPIST).select_related("clinic").first()
    )
    if membership is None:
        sys.exit("No therapist in the database: seed it first (bench/run does).")
    clinic = membership.clinic
    therapists = list(
        get_user_model()
        .objects.filter(memberships__clinic=clinic, memberships__role=Membership.Role.THERAPIST)
        .order_by("username")
        .values_list("username", flat=True)
    )
    open_with_plan = (
        Episode.objects.filter(
            patient__clinic=clinic, status=Episode.Status.OPEN, plan__versions__isnull=False
        )
        .annotate(last_visit=Max("visits__visit_date"))
        .exclude(last_visit__gte=dates.today())  # a visit later today would put ours out of order
        .select_related("patient")
        .distinct()
        .order_by("id")
    )
    episodes = [e for e in open_with_plan[:400] if plan_blocker(e) is None]
    n_editor_pairs = max(1, workers // 8)
    n_patients = max(n_editor_pairs, workers // 4)
    n_visits = max(1, workers - n_patients - 2 * n_editor_pairs)
    # The editors' episodes are also patients' (home logs meet new versions); their plans must save
    # as they are: the seed prescribes some exercises (graded activity) without reps or a time, which
    # the editor asks for.
    undosed = set(
        PlanExercise.objects.filter(
            version__plan__episode__in=episodes, reps=None, hold_seconds=None
        ).values_list("version__plan__episode", flat=True)
    )
    editor_episodes = [e for e in episodes if e.pk not in undosed][:n_editor_pairs]
    portal_episodes = (
        editor_episodes
        + [e for e in episodes if e not in editor_episodes][: n_patients - len(editor_episodes)]
    )
    visit_episodes = [e for e in episodes if e not in portal_episodes]
    if len(therapists) < 2 or len(visit_episodes) < n_visits:
        sys.exit(f"{clinic} has too few therapists or open episodes with a plan for the load.")
    patients = [_portal_login(episode.patient, DEMO_PASSWORD) for episode in portal_episodes]
    per_worker = max(1, requests // workers)
    return Scenario(
        base_url=base_url,
        password=DEMO_PASSWORD,
        therapists=[therapists[i % len(therapists)] for i in range(n_visits)],
        visit_episodes=[str(e.code) for e in [*visit_episodes, *portal_episodes]],
        patients=patients,
        editors=[
            (str(e.code), [therapists[(2 * i) % len(therapists)], therapists[(2 * i + 1) % len(therapists)]])
            for i, e in enumerate(editor_episodes)
        ],
        writes_per_worker=per_worker,
        rounds=per_worker,
        deadline_s=deadline_s,
    )


def _portal_login(patient: Any, password: str) -> str:
    """The patient's portal username, with ``password`` (the bulk seed makes no portal logins)."""
    from django.contrib.auth import get_user_model

    if patient.portal_user is None:
        user = get_user_model().objects.create(username=f"load-portal-{patient.code.hex[:12]}")
        patient.portal_user = user
        patient.save(update_fields=["portal_user"])
    user = patient.portal_user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user.username


def serve(port: int, workers: str) -> subprocess.Popen[bytes]:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "clinic.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz/ within 20 s.")


def write_results(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8012")))
    parser.add_argument("--base-url", help="a server already running on loopback (else gunicorn is started)")
    parser.add_argument("--workers", type=int, default=16, help="threads, each one user")
    parser.add_argument("--requests", type=int, default=1200, help="writes in all (each after a GET)")
    parser.add_argument("--deadline", type=float, default=900.0, help="wall-clock cap in seconds")
    parser.add_argument("--gunicorn-workers", default=os.environ.get("BENCH_WORKERS", "2"))
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    import django

    django.setup()
    from django.db import connection

    base_url = args.base_url or f"http://127.0.0.1:{args.port}"
    run_facts = {"workers": args.workers, "gunicorn_workers": args.gunicorn_workers}
    scenario = bench_scenario(base_url, args.workers, args.requests, args.deadline)
    connection.close()
    server = None if args.base_url else serve(args.port, args.gunicorn_workers)
    try:
        print(
            f"Load {scenario.run_id}: {len(scenario.therapists)} therapists on "
            f"{len(scenario.visit_episodes)} episodes, {len(scenario.patients)} patients, "
            f"{len(scenario.editors)} shared plan drafts; {scenario.writes_per_worker} writes each",
            flush=True,
        )
        report = run(scenario)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    problems = row_problems(report)
    results = summary(report, problems, caseload_state="not checked", **run_facts)
    write_results(results)
    print(json.dumps({k: results[k] for k in ("seconds", "writes", "http_requests", "verdicts")}, indent=2))
    problems += state_problems(report)
    write_results(summary(report, problems, caseload_state="checked", **run_facts))
    for problem in problems[:50]:
        print("PROBLEM", problem)
    print(f"written to {RESULTS.relative_to(ROOT)}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
