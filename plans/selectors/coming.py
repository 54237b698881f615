"""Who is coming: the visits expected in a date range, per therapist, for the front desk. A visit is
expected when the front desk booked it (an appointment) or when the therapist set the next visit at
the patient's last visit; a booking on the same day stands for that planned visit, with its status
(cancelled, missed). Only names, dates and the therapist are read, never the clinical record, so
every clinic role may see the list of their own clinics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db.models import Exists, OuterRef

from clinic.access import visible
from clinic.models import full_name_of
from patients.models import Appointment, Episode, Patient
from plans.models import Visit

UNASSIGNED = "No therapist named"


@dataclass(frozen=True)
class ExpectedVisit:
    on_date: date
    at_time: time | None
    patient: Patient
    therapist: str
    therapist_id: int | None
    status: str  # an Appointment.Status value
    appointment: Appointment | None = None  # none for a visit only the therapist planned

    @property
    def status_label(self) -> str:
        return Appointment.Status(self.status).label


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _planned_visits(user, start: date, end: date):
    """Each open episode's latest visit whose next-visit date falls in the range."""
    later = Visit.objects.filter(episode=OuterRef("episode"), visit_date__gt=OuterRef("visit_date"))
    visits = visible(Visit.objects.all(), user, clinic="episode__patient__clinic", clinical=False)
    return (
        visits.filter(
            next_visit_date__range=(start, end),
            episode__status=Episode.Status.OPEN,
            episode__is_active=True,
            episode__patient__is_active=True,
        )
        .filter(~Exists(later))
        .select_related("episode__patient", "recorded_by")
    )


def coming_between(user, start: date, end: date) -> list[tuple[str, list[ExpectedVisit]]]:
    """The expected visits from ``start`` to ``end``, grouped by therapist (by name), each group in
    order of date and time. Two queries, whatever the number of visits."""
    appointments = (
        Appointment.objects.visible_to(user)
        .between(start, end)
        .select_related("patient__primary_therapist", "therapist")
    )
    expected: list[ExpectedVisit] = []
    booked: set[tuple[int, date]] = set()
    for appointment in appointments:
        therapist = appointment.therapist or appointment.patient.primary_therapist
        booked.add((appointment.patient_id, appointment.on_date))
        expected.append(
            ExpectedVisit(
                on_date=appointment.on_date,
                at_time=appointment.at_time,
                patient=appointment.patient,
                therapist=full_name_of(therapist) if therapist else UNASSIGNED,
                therapist_id=therapist.pk if therapist else None,
                status=appointment.status,
                appointment=appointment,
            )
        )
    for visit in _planned_visits(user, start, end):
        patient = visit.episode.patient
        if (patient.pk, visit.next_visit_date) in booked:
            continue
        booked.add((patient.pk, visit.next_visit_date))
        expected.append(
            ExpectedVisit(
                on_date=visit.next_visit_date,
                at_time=None,
                patient=patient,
                therapist=full_name_of(visit.recorded_by),
                therapist_id=visit.recorded_by_id,
                status=Appointment.Status.BOOKED,
            )
        )
    groups: dict[str, list[ExpectedVisit]] = {}
    for item in sorted(expected, key=lambda e: (e.therapist, e.on_date, e.at_time or time.min)):
        groups.setdefault(item.therapist, []).append(item)
    return list(groups.items())
