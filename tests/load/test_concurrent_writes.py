"""No lost writes under load (bench/load.py): a short bounded run of concurrent visits, home logs and
plan edits from one draft against the live server, then the checks in the database; and the checks
themselves, shown to catch a doubled row, a refused row that was saved, a lost update, a 5xx and an
unclear refusal."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from bench import load
from plans.models import Exercise, HomeLog, PlanDraft, PlanVersion, Visit
from plans.services import plan_versions as services
from tests.factories import PASSWORD, EpisodeFactory, PatientFactory, UserFactory, make_staff

VISIT_WORKERS, HOME_LOG_WORKERS, EDITORS = 3, 2, 3
WRITES_PER_WORKER, ROUNDS = 10, 6


def _with_plan(episode, therapist):
    today = timezone.localdate()
    services.plan_version_approve(
        episode=episode,
        content=services.PlanContent(
            review_date=today + timedelta(days=14),
            exercises=[
                {
                    "exercise": Exercise.objects.get(slug=slug),
                    "sets": 2,
                    "reps": 10,
                    "times_per_day": 1,
                    "days_per_week": 7,
                }
                for slug in ("pelvic-tilt", "glute-bridge")
            ],
            education=[],
            goals=[],
        ),
        user=therapist,
    )
    return episode


def _episode(therapist, patient):
    return _with_plan(
        EpisodeFactory(patient=patient, onset_date=timezone.localdate() - timedelta(days=30)), therapist
    )


def _scenario(base_url: str, clinic) -> load.Scenario:
    therapists = [make_staff(clinic, username=f"load-t{i}") for i in range(VISIT_WORKERS)]
    editors = [make_staff(clinic, username=f"load-e{i}") for i in range(EDITORS)]
    visit_episodes = [_episode(therapists[0], PatientFactory(clinic=clinic)) for _ in range(8)]
    portal = [
        PatientFactory(clinic=clinic, portal_user=UserFactory(username=f"load-p{i}"))
        for i in range(HOME_LOG_WORKERS)
    ]
    # The patients' episodes get visits too, and the first one's plan is the draft the editors fight
    # over: its home logs and visits meet new plan versions approved under them.
    portal_episodes = [_episode(therapists[0], patient) for patient in portal]
    visit_episodes += portal_episodes
    shared = portal_episodes[0]
    patients = [patient.portal_user.username for patient in portal]
    return load.Scenario(
        base_url=base_url,
        password=PASSWORD,
        therapists=[t.username for t in therapists],
        visit_episodes=[str(e.code) for e in visit_episodes],
        patients=patients,
        editors=[(str(shared.code), [e.username for e in editors])],
        writes_per_worker=WRITES_PER_WORKER,
        rounds=ROUNDS,
        deadline_s=50,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writes_lose_nothing(live_server, clinic):
    scenario = _scenario(live_server.url, clinic)

    report = load.run(scenario)

    problems = load.row_problems(report)
    summary = load.summary(report, problems)
    print(summary)
    assert not problems, summary
    # All sent, unless the wall-clock cap stopped some (a slow machine): the checks hold for the rest.
    sent = VISIT_WORKERS * WRITES_PER_WORKER + HOME_LOG_WORKERS * WRITES_PER_WORKER + EDITORS * ROUNDS
    assert len(report.writes) == sent or report.stopped_by_deadline, summary
    # Each kind was accepted and refused on purpose, and the shared draft was fought over every round:
    # one winner, the others told of the conflict.
    verdicts = Counter((w.kind, w.verdict) for w in report.writes)
    for kind in (load.VISIT, load.HOME_LOG):
        assert verdicts[kind, load.ACCEPTED] and verdicts[kind, load.VALIDATION], summary
    rounds = {w.round for w in report.writes if w.round is not None}
    plan_wins = verdicts[load.PLAN_DRAFT, load.ACCEPTED] + verdicts[load.PLAN_APPROVE, load.ACCEPTED]
    plan_conflicts = verdicts[load.PLAN_DRAFT, load.CONFLICT] + verdicts[load.PLAN_APPROVE, load.CONFLICT]
    assert rounds and plan_wins == len(rounds) and plan_conflicts >= len(rounds), summary
    assert verdicts[load.PLAN_APPROVE, load.ACCEPTED], summary
    accepted = Counter(w.kind for w in report.writes if w.verdict == load.ACCEPTED)
    assert Visit.objects.filter(note__startswith=f"load-{report.run_id}").count() == accepted[load.VISIT]
    assert (
        HomeLog.objects.filter(comment__startswith=f"load-{report.run_id}").count() == accepted[load.HOME_LOG]
    )

    assert load.state_problems(report) == [], summary


# --- the checks catch what they are for -------------------------------------------------------------


def _accepted_visit(episode, marker: str) -> load.Write:
    write = load.Write(load.VISIT, "tessa", str(episode.code), marker, status=302, verdict=load.ACCEPTED)
    write.location = "/visits/x/"
    return write


def _visit_row(episode, therapist, marker: str) -> Visit:
    return Visit.objects.create(
        episode=episode,
        visit_date=timezone.localdate(),
        visit_time=timezone.localtime().time(),
        recorded_by=therapist,
        note=marker,
    )


@pytest.mark.django_db
def test_the_checks_catch_a_doubled_and_a_missing_row(therapist, patient):
    episode = EpisodeFactory(patient=patient)
    report = load.Report(
        "r1", writes=[_accepted_visit(episode, "m-doubled"), _accepted_visit(episode, "m-lost")]
    )
    _visit_row(episode, therapist, "m-doubled")
    _visit_row(episode, therapist, "m-doubled")

    problems = load.row_problems(report)

    assert problems == [
        "visit m-doubled: accepted, and 2 rows carry it",
        "visit m-lost: accepted, and 0 rows carry it",
    ]


@pytest.mark.django_db
def test_the_checks_catch_a_refused_write_that_was_saved(therapist, patient):
    episode = EpisodeFactory(patient=patient)
    refused = load.Write(
        load.VISIT,
        "tessa",
        str(episode.code),
        "m-refused",
        invalid="nprs",
        status=200,
        verdict=load.VALIDATION,
        messages=[("error_1_id_nprs", "Ensure this value is less than or equal to 10.")],
    )
    _visit_row(episode, therapist, "m-refused")

    assert load.row_problems(load.Report("r2", writes=[refused])) == [
        "visit m-refused: validation, and 1 rows carry it"
    ]


@pytest.mark.django_db
def test_the_checks_catch_a_5xx_an_unclear_refusal_and_an_invalid_write_let_through(patient):
    code = str(EpisodeFactory(patient=patient).code)
    writes = [
        load.Write(load.VISIT, "tessa", code, "m-500", status=500, verdict=load.ERROR),
        load.Write(load.VISIT, "tessa", code, "m-unclear", status=200, verdict=load.UNCLEAR),
        load.Write(
            load.VISIT,
            "tessa",
            code,
            "m-wrong-field",
            invalid="nprs",
            status=200,
            verdict=load.VALIDATION,
            messages=[("error_1_id_note", "Too long.")],
        ),
    ]

    problems = load.row_problems(load.Report("r3", writes=writes))

    assert problems == [
        "visit m-500 (500): a server error",
        "visit m-unclear (200): neither accepted nor refused with a clear message: []",
        "visit m-wrong-field (200): refused without a message at nprs: [('error_1_id_note', 'Too long.')]",
    ]


@pytest.mark.django_db
def test_the_checks_catch_a_lost_update_in_the_plan_editor(therapist, colleague, patient):
    episode = EpisodeFactory(patient=patient)
    loaded = {"based_on": ["0"], "draft_version": ["0"]}
    first, second = (
        load.Write(
            load.PLAN_DRAFT,
            who,
            str(episode.code),
            marker,
            status=302,
            verdict=load.ACCEPTED,
            round=0,
            sent={"loaded": loaded},
        )
        for who, marker in (("tessa", "m-first"), ("ben", "m-second"))
    )
    # Both were told "saved", from the same draft: the second overwrote the first without a conflict.
    draft = PlanDraft(
        episode=episode, based_on=0, saved_by=therapist, content={"version": {"notes": "m-first"}}
    )
    draft.save()
    draft.content = {"version": {"notes": "m-second"}}
    draft.save()

    problems = load.row_problems(load.Report("r4", writes=[first, second]))

    assert problems == [f"lost update: 2 saves from one draft won in round 0 on {episode.code}"]
    assert not PlanVersion.objects.exists()


def test_a_page_is_read_as_a_browser_would_send_it():
    page = load.Page(
        200,
        "",
        """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t">
        <input name="nprs" value="4"><input type="checkbox" name="ex" value="1" checked>
        <input type="checkbox" name="ex" value="2"><select name="unit"><option value="s">s</option>
        <option value="min" selected>min</option></select><textarea name="note">kept</textarea>
        <template><input name="row-__prefix__-x" value="no"></template>
        <button type="submit" name="action" value="draft">Save</button></form>
        <p id="error_1_id_nprs" class="invalid-feedback"><strong>At most 10.</strong></p>""",
    )

    form = page.form("nprs")

    assert form.fields == [
        ("csrfmiddlewaretoken", "t"),
        ("nprs", "4"),
        ("ex", "1"),
        ("unit", "min"),
        ("note", "kept"),
    ]
    assert form.choices == {"ex": ["1", "2"]}
    assert page.parsed().errors == [("error_1_id_nprs", "At most 10.")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_that_cannot_sign_in_is_reported_and_stops(live_server, therapist):
    scenario = load.Scenario(
        base_url=live_server.url,
        password="not-the-password",
        therapists=[therapist.username],
        visit_episodes=["unused"],
        patients=[],
        editors=[],
    )
    report = load.Report(scenario.run_id)

    load.visit_worker(scenario, report, 0, therapist.username, deadline=float("inf"))

    assert len(report.failures) == 1 and report.failures[0].startswith(f"visit worker {therapist.username}")
    assert report.writes == [] and report.http_requests >= 1
