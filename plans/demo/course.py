"""One episode's course of care as unsaved rows: the initial assessment and its plan, visits whose
measures follow a trajectory (improving, stalled, regressing or relapsing), sometimes a
re-evaluation with a second plan version, red flags and their referrals, and home sessions.

Each visit is judged the way ``plans.services.visits.visit_record`` judges it: against its baseline,
with the plan's goals, by ``plans.clinical.progress.evaluate_progress`` (the series of a baseline is
judged in order, so one run over the whole series gives every visit what it got when recorded).
Prompts are superseded, answered by a re-evaluation or closed by a referral as the services do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from patients.models import Episode, Patient
from plans.clinical.flares import FLARE_POINTS
from plans.clinical.progress import Measures, evaluate_progress
from plans.clinical.scoring import score_odi
from plans.clinical.triage import HOLDING_LEVELS
from plans.clinical.vocabulary import (
    URGENCY_FOR_LEVEL,
    Bothersomeness,
    Finding,
    PainDistribution,
    PromptKind,
    TriageLevel,
)
from plans.demo import names
from plans.demo.care import (
    Approved,
    ClinicContext,
    Measured,
    Rows,
    assessment_rows,
    at,
    code_of,
    plan_rows,
    stamp,
)
from plans.models import (
    Assessment,
    HomeLog,
    PatientRating,
    Prompt,
    PromptStatus,
    Referral,
    Visit,
    VisitFinding,
)

DISTRIBUTIONS = (
    (60, PainDistribution.BACK_ONLY),
    (25, PainDistribution.BUTTOCK_THIGH),
    (15, PainDistribution.BELOW_KNEE),
)


@dataclass(frozen=True)
class Window:
    """When the episode's care can happen: from its onset to ``end`` (today while it is open)."""

    end: date
    is_open: bool
    today: date


def pick(rng: random.Random, weighted):
    """One value of ``(weight, value)`` pairs."""
    return rng.choices([value for _, value in weighted], weights=[weight for weight, _ in weighted])[0]


def _odi(rng: random.Random, level: float) -> tuple[int | None, ...]:
    """Ten ODI sections around a disability level (0-5); the sex-life section is often skipped."""
    sections = [max(0, min(5, round(level + rng.gauss(0, 0.7)))) for _ in range(10)]
    return tuple(None if n == 7 and rng.random() < 0.4 else v for n, v in enumerate(sections))


def _startback(rng: random.Random, nprs: int) -> tuple[tuple[int, ...], str]:
    worried = min(0.85, 0.15 + nprs / 14)
    items = tuple(int(rng.random() < worried) for _ in range(8))
    bother = list(Bothersomeness.values)[min(4, max(0, round(nprs / 2.2 + rng.gauss(0, 0.6))))]
    return items, bother


def _measured(rng, on, nprs, level, findings, distribution, first: bool) -> Measured:
    startback, bother = _startback(rng, nprs) if first or rng.random() < 0.5 else (None, "")
    height = weight = None
    if first and rng.random() < 0.6:
        height = rng.randint(150, 195)
        weight = max(45, min(140, round((height - 100) * rng.uniform(0.75, 1.25))))
    return Measured(
        on=on,
        nprs=nprs,
        odi=_odi(rng, level),
        findings=findings,
        pain_distribution=distribution,
        startback=startback,
        bothersomeness=bother,
        height_cm=height,
        weight_kg=weight,
    )


def _referral(rng, rows: Rows, episode, therapist, level: str, day: date, **source) -> Referral:
    referral = Referral(
        episode=episode,
        referred_to=rng.choice(names.REFERRED_TO),
        referred_at=at(day, 12),
        urgency=URGENCY_FOR_LEVEL[level],
        recorded_by=therapist,
        **source,
    )
    rows.referrals.append(stamp(referral, therapist, at(day, 12)))
    return referral


def _baseline(assessment: Assessment, findings: frozenset[str], sex: str) -> Measures:
    """``plans.selectors.visits.baseline_measures`` on the unsaved row."""
    odi = assessment.odi_percent if assessment.odi_valid else None
    return Measures(
        assessment.assessed_on, assessment.nprs_current, odi, findings=findings, age=assessment.age, sex=sex
    )


def episode_course(
    rng: random.Random,
    rows: Rows,
    *,
    demo,
    where: ClinicContext,
    patient: Patient,
    episode: Episode,
    therapist,
    window: Window,
) -> None:
    span = (window.end - episode.onset_date).days
    assessed_on = min(
        window.today, episode.onset_date + timedelta(days=rng.randint(1, max(1, min(21, span // 3))))
    )
    trajectory, slope, noise = pick(rng, [(w, (n, s, z)) for w, n, s, z in names.TRAJECTORIES])
    nprs0 = rng.choices(range(3, 10), weights=(6, 12, 16, 18, 18, 14, 8))[0]
    level0 = max(0.3, min(4.5, nprs0 / 2.2 + rng.gauss(0, 0.6)))
    findings: set[str] = set(rng.sample(names.MECHANICAL, rng.randint(2, 4)))
    if episode.recurrent:
        findings.add(Finding.PREVIOUS_EPISODES)
    if rng.random() < 0.03:
        findings |= rng.choice(names.RED_FLAGS_AT_ASSESSMENT)
    distribution = pick(rng, DISTRIBUTIONS)
    baseline_findings = frozenset(findings)
    common = {
        "catalog": demo.catalog,
        "where": where,
        "patient": patient,
        "episode": episode,
        "therapist": therapist,
    }
    first = _measured(rng, assessed_on, nprs0, level0, baseline_findings, distribution, True)
    assessment = assessment_rows(rng, rows, kind=Assessment.Kind.INITIAL, measured=first, **common)
    level = assessment.triage_level
    referred = level != TriageLevel.NONE and rng.random() < (0.9 if level in HOLDING_LEVELS else 0.7)
    if referred:
        _referral(rng, rows, episode, therapist, level, assessed_on, assessment=assessment)
    approved = None
    if level != TriageLevel.EMERGENCY and (referred or level not in HOLDING_LEVELS):
        approved = plan_rows(rng, rows, ids=demo.ids, where=where, episode=episode, plan=None, number=1,
                             assessment=assessment, therapist=therapist)  # fmt: skip
    if approved is None:  # held for its red flag, or sent on: no visits
        _discharge(episode, window, assessed_on, Episode.DischargeReason.REFERRED_ON)
        return

    days: list[date] = []
    day = assessed_on
    for _ in range(rng.randint(0, 9) if window.is_open else rng.randint(2, 8)):
        day += timedelta(days=rng.randint(5, 10))
        if day > window.end:
            break
        days.append(day)
    reevaluation = None
    if len(days) >= 6 and rng.random() < 0.45:
        r = rng.randint(2, len(days) - 3)
        if (days[r + 1] - days[r]).days >= 2:
            reevaluation = (r + 1, days[r] + timedelta(days=1))

    adherence_base = rng.randint(35, 100)
    segments: list[tuple[Assessment, Approved, frozenset[str], list]] = [
        (assessment, approved, baseline_findings, [])
    ]
    open_prompts: dict[str, Prompt] = {}
    nprs = float(nprs0)
    turn = int(len(days) * 0.6)
    for index, day in enumerate(days):
        if reevaluation and index == reevaluation[0]:
            on = reevaluation[1]
            # The red flags were referred on at the start; the re-evaluation finds the rest again.
            found = frozenset(
                f for f in baseline_findings if f in names.MECHANICAL or f == Finding.PREVIOUS_EPISODES
            )
            measured = _measured(rng, on, round(nprs), level0 * nprs / nprs0, found, distribution, False)
            again = assessment_rows(rng, rows, kind=Assessment.Kind.REEVALUATION, measured=measured, **common)
            for kind in [k for k in open_prompts if k == PromptKind.REEVALUATION_DUE]:
                _close(open_prompts.pop(kind), therapist, at(on, 8, 45), PromptStatus.ACTED)
            if again.triage_level == TriageLevel.NONE:
                version2 = plan_rows(rng, rows, ids=demo.ids, where=where, episode=episode,
                                     plan=approved.plan, number=2, assessment=again,
                                     therapist=therapist)  # fmt: skip
                if version2 is not None:
                    approved = version2
            segments.append((again, approved, found, []))
        step = slope if trajectory != "relapsing" or index < turn else 1.3
        nprs = max(0.0, min(10.0, nprs + step + rng.gauss(0, noise)))
        new_findings: frozenset[str] = frozenset()
        if rng.random() < 0.01:
            new_findings = rng.choice(names.RED_FLAGS_AT_VISIT)
        segments[-1][3].append((day, round(nprs), new_findings, approved))
        if new_findings:
            break  # sent on for the red flag: care stops here
    visited = [v for *_, series in segments for v in series]
    for baseline, _approved, found, series in segments:
        if series:
            _judge(rng, rows, episode, patient, therapist, where, baseline, found, series, level0, nprs0,
                   adherence_base, open_prompts, last_day=visited[-1][0], window=window)  # fmt: skip
    last = visited[-1][0] if visited else assessed_on
    reason = {"improving": Episode.DischargeReason.GOALS_MET, "stalled": Episode.DischargeReason.NO_PROGRESS}
    if visited and visited[-1][2]:
        _discharge(episode, window, last, Episode.DischargeReason.REFERRED_ON)
    else:
        _discharge(episode, window, last, reason.get(trajectory, Episode.DischargeReason.SELF_DISCHARGED))
    _home_logs(rng, rows, episode, therapist, window, [s[1] for s in segments], last)


def _discharge(episode: Episode, window: Window, day: date, reason: str) -> None:
    if not window.is_open:
        episode.status = Episode.Status.DISCHARGED
        episode.discharge_date = day
        episode.discharge_reason = reason


def _close(prompt: Prompt, user, when, status: str, reason: str = "") -> None:
    prompt.status = status
    prompt.resolved_by = user
    prompt.resolved_at = when
    prompt.dismissal_reason = reason


def _judge(rng, rows, episode, patient, therapist, where, baseline, found, series, level0, nprs0,
           adherence_base, open_prompts, *, last_day, window) -> None:  # fmt: skip
    """The visits of one baseline, judged in order, with the prompts they raise."""
    visits, measures = [], []
    previous = baseline.nprs_current
    for number, (day, nprs, new_findings, approved) in enumerate(series):
        odi = None
        if number % 3 == 2 or day == last_day:
            sections = _odi(rng, level0 * nprs / nprs0)
            odi = score_odi(list(sections))
        adherence = None if rng.random() < 0.1 else max(0, min(100, adherence_base + rng.randint(-15, 15)))
        rating = "" if rng.random() < 0.2 else _rating(nprs, previous)
        previous = nprs
        next_visit = day + timedelta(days=rng.randint(5, 10)) if window.is_open or day != last_day else None
        visit = Visit(
            code=code_of(rng),
            episode=episode,
            visit_date=day,
            visit_time=time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))),
            recorded_by=therapist,
            nprs=nprs,
            odi_sections=list(sections) if odi else [],
            odi_percent=odi.percent if odi else None,
            odi_valid=odi.valid if odi else False,
            patient_rating=rating,
            adherence_percent=adherence,
            note=rng.choice(names.VISIT_NOTES),
            next_visit_date=next_visit,
            plan_version=approved.version,
            baseline=baseline,
        )
        when = at(day, visit.visit_time.hour, visit.visit_time.minute)
        visits.append((stamp(visit, therapist, when), approved))
        rows.visit_findings += [
            stamp(VisitFinding(visit=visit, code=c), therapist, when) for c in sorted(new_findings)
        ]
        measures.append(
            Measures(
                day,
                nprs,
                odi.percent if odi and odi.valid else None,
                findings=new_findings,
                adherence=adherence,
            )
        )
    report = evaluate_progress(
        _baseline(baseline, found, patient.sex), measures, where.progress, goals=series[0][3].goals
    )
    for index, (visit, _approved) in enumerate(visits):
        judgement = report.visits[index]
        visit.status = judgement.status.value if judgement.status else ""
        visit.judgement = {name: change.as_dict() for name, change in judgement.measures.items()}
        rows.visits.append(visit)
        when = visit._history_date
        for raised in report.prompts_for(index):
            if raised.kind != PromptKind.RED_FLAG and raised.kind in open_prompts:
                reason = f"Superseded by the same prompt at the visit of {visit.visit_date:%d %b %Y}."
                _close(open_prompts.pop(raised.kind), therapist, when, PromptStatus.DISMISSED, reason)
            prompt = Prompt(
                episode=episode,
                visit=visit,
                kind=raised.kind,
                level=raised.level.value if raised.level else "",
                reasons=list(raised.reasons),
                message=raised.message,
            )
            rows.prompts.append(stamp(prompt, therapist, when))
            if raised.kind == PromptKind.RED_FLAG:
                if rng.random() < 0.75:
                    _referral(rng, rows, episode, therapist, prompt.level, visit.visit_date, prompt=prompt)
                    _close(prompt, therapist, at(visit.visit_date, 12), PromptStatus.ACTED)
            else:
                open_prompts[raised.kind] = prompt


def _rating(nprs: int, previous: int) -> str:
    if nprs == previous:
        return PatientRating.SAME
    return PatientRating.BETTER if nprs < previous else PatientRating.WORSE


def _home_logs(
    rng, rows: Rows, episode, therapist, window: Window, plans: list[Approved], last: date
) -> None:
    """Home sessions logged on the portal while each plan version was current."""
    for number, approved in enumerate(plans):
        if number and approved is plans[number - 1]:
            continue
        start = approved.version.approved_at.date() + timedelta(days=1)
        later = [p for p in plans[number + 1 :] if p is not approved]
        end = later[0].version.approved_at.date() if later else (window.today if window.is_open else last)
        if window.is_open and not later:
            start = max(start, window.today - timedelta(days=28))
        if end < start or not approved.exercises:
            continue
        count = rng.randint(0, 8) if window.is_open else rng.randint(0, 3)
        span = (end - start).days + 1
        for offset in sorted(rng.sample(range(span), min(count, span))):
            done_on = start + timedelta(days=offset)
            before = rng.randint(1, 6)
            after = before + 3 if rng.random() < 0.04 else max(0, before + rng.randint(-2, 1))
            log = HomeLog(
                episode=episode,
                plan_version=approved.version,
                done_on=done_on,
                pain_before=before,
                pain_after=min(10, after),
                comment=rng.choice(names.HOME_COMMENTS),
            )
            seen_on = done_on + timedelta(days=1)
            if after - before >= FLARE_POINTS and not window.is_open and seen_on <= window.today:
                log.acknowledged_at, log.acknowledged_by = at(seen_on, 12), therapist
            rows.home_logs.append(stamp(log, None, at(done_on, 19)))
            chosen = rng.sample(approved.exercises, rng.randint(1, min(3, len(approved.exercises))))
            rows.home_log_exercises += [(log, exercise) for exercise in chosen]
