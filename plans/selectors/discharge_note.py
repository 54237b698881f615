"""The facts an episode's discharge note is drafted from: its outcome against the first assessment
(``plans.selectors.outcomes.episode_outcome``: every measure with its MCID verdict, the goals of
the last plan version with their status), the last plan version and the home log over the whole
episode. A fixed number of queries whatever the number of visits."""

from __future__ import annotations

from datetime import date

from clinic.dates import today
from patients.models import Episode
from plans.clinical.discharge_note import DischargeFacts, GoalLine, draft_discharge_note
from plans.clinical.notes import MeasureChange, Soap
from plans.models import PlanVersion
from plans.selectors.home_logs import adherence
from plans.selectors.library import progress_thresholds
from plans.selectors.notes import _home_words, _plan_line
from plans.selectors.outcomes import episode_outcome

MCID_FIELDS = {"nprs": "nprs_mcid", "odi": "odi_mcid", "rmdq": "rmdq_mcid", "psfs": "psfs_mcid"}


def discharge_facts(episode: Episode) -> DischargeFacts:
    outcome = episode_outcome(episode)
    thresholds = progress_thresholds(episode.patient.clinic)
    measures = tuple(
        MeasureChange(
            row.name,
            row.baseline,
            row.latest,
            row.change.change if row.change else None,
            row.change.status.value if row.change else "",
            getattr(thresholds, MCID_FIELDS[row.measure], None),
        )
        for row in outcome.measures
    )
    goals = tuple(
        GoalLine(
            str(row.goal),
            row.status.label if row.status else "",
            row.latest,
            row.goal.dropped_reason,
        )
        for row in outcome.goals
    )
    version = outcome.version
    start = _first_approved_on(episode) if version is not None else None
    home = adherence(episode, start, episode.discharge_date or today()) if start else None
    first = outcome.baseline_record
    return DischargeFacts(
        onset=episode.onset_date,
        discharged_on=episode.discharge_date,
        discharge_reason=episode.get_discharge_reason_display() if episode.discharge_reason else "",
        visit_count=outcome.visit_count,
        baseline=f"{first.get_kind_display()} of {first.assessed_on:%d %b %Y}" if first else "",
        measures=measures,
        goals=goals,
        plan=_plan_line(version),
        exercises=tuple(str(item) for item in version.exercises.all()) if version else (),
        home_adherence=_home_words(home),
        advice=version.activity_advice if version else "",
        education=tuple(link.item.title for link in version.education.all()) if version else (),
    )


def _first_approved_on(episode: Episode) -> date | None:
    first = PlanVersion.objects.filter(plan__episode=episode).order_by("number").first()
    return first.approved_on if first else None


def discharge_draft(episode: Episode) -> Soap:
    return draft_discharge_note(discharge_facts(episode))
