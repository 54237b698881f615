"""Unsigned notes for the attention inbox.

A note is written only when its therapist saves or signs it on the note page (opening the page drafts
it from the record and saves nothing), so a record "with an unsigned note" is one with no signed
note of its kind: no note at all, or a saved draft. The records that need a note are visits (the
daily note), assessments (the initial-evaluation or progress note) and discharged episodes (the
discharge note). One is listed once its day (visit date, assessment date, discharge date) is at
least the clinic's ``unsigned_note_days`` before today (``clinic.dates.today``): exactly that many
days old is listed, a day fewer is not.

Whose: the therapist who recorded the visit or the assessment; for a discharge note the patient's
primary therapist or whoever saved its draft. In the "clinic" scope a clinical lead sees every note
of the clinics they lead (a therapist still sees only their own). Every row goes through the gate
(``visible_to``). A visit or an assessment carries ``note_signed``, raised when its note is signed,
so the few unsigned ones come from a partial index. ``sources`` are the querysets the inbox counts
(subqueries of its one count query); ``items`` is three queries, each cut at its limit.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.urls import reverse

from clinic import access, dates
from patients.models import Episode, EpisodeStatus
from plans.models import Assessment, ClinicalNote, NoteKind, NoteStatus, Visit
from plans.selectors.inbox_items import ITEM_RELATED, UNSIGNED_NOTE, Item


def _cutoff(clinic_path: str, on: date) -> dates.DaysBefore:
    """The latest day a record may fall on to be listed: ``on`` less the clinic's days."""
    return dates.DaysBefore(on, F(f"{clinic_path}__unsigned_note_days"))


def _signed(**source) -> Exists:
    return Exists(ClinicalNote.objects.filter(status=NoteStatus.SIGNED, **source))


def _drafted(**source) -> Exists:
    return Exists(ClinicalNote.objects.filter(status=NoteStatus.DRAFT, **source))


def _whose(user, scope: str, own: Q, clinic_path: str) -> Q | None:
    """Who the rows must belong to: None for everyone the gate lets through (a superuser)."""
    if user.is_superuser:
        return None
    if scope == "clinic" and (leads := access.access_for(user).lead_clinic_ids):
        return own | Q(**{f"{clinic_path}__in": leads})
    return own


def _scoped(queryset: QuerySet, user, scope: str, own: Q, clinic_path: str) -> QuerySet:
    who = _whose(user, scope, own, clinic_path)
    return queryset if who is None else queryset.filter(who)


def visits(user, scope: str = "mine", on: date | None = None) -> QuerySet[Visit]:
    on = on or dates.today()
    rows = Visit.objects.visible_to(user).filter(
        episode__is_active=True,
        episode__patient__is_active=True,
        visit_date__lte=_cutoff("episode__patient__clinic", on),
        note_signed=False,
    )
    return _scoped(rows, user, scope, Q(recorded_by=user), "episode__patient__clinic")


def assessments(user, scope: str = "mine", on: date | None = None) -> QuerySet[Assessment]:
    on = on or dates.today()
    rows = Assessment.objects.visible_to(user).filter(
        episode__is_active=True,
        episode__patient__is_active=True,
        assessed_on__lte=_cutoff("episode__patient__clinic", on),
        note_signed=False,
    )
    return _scoped(rows, user, scope, Q(assessed_by=user), "episode__patient__clinic")


def discharges(user, scope: str = "mine", on: date | None = None) -> QuerySet[Episode]:
    on = on or dates.today()
    rows = (
        Episode.objects.visible_to(user)
        .filter(
            is_active=True,
            patient__is_active=True,
            status=EpisodeStatus.DISCHARGED,
            discharge_date__lte=_cutoff("patient__clinic", on),
        )
        .exclude(_signed(episode=OuterRef("pk"), kind=NoteKind.DISCHARGE))
    )
    drafted_by_user = Exists(
        ClinicalNote.objects.filter(episode=OuterRef("pk"), kind=NoteKind.DISCHARGE, written_by=user)
    )
    own = Q(patient__primary_therapist=user) | Q(drafted_by_user)
    return _scoped(rows, user, scope, own, "patient__clinic")


def sources(user, scope: str = "mine") -> dict[str, QuerySet]:
    """What the inbox's count query counts (each as a subquery of that one query)."""
    return {
        "unsigned_visits": visits(user, scope),
        "unsigned_assessments": assessments(user, scope),
        "unsigned_discharges": discharges(user, scope),
    }


def _newest(queryset: QuerySet, limit: int | None, day: str, drafted: Exists, *related: str) -> list:
    """The rows newest first (by ``day``), each with ``drafted``, cut at ``limit``."""
    queryset = queryset.select_related(*related).annotate(drafted=drafted).order_by(f"-{day}", "-id")
    return list(queryset[:limit] if limit else queryset)


def items(user, scope: str = "mine", *, limit: int | None = None) -> list:
    """One inbox item per record with no signed note, newest first; three queries (visits,
    assessments, discharges), each newest first and cut at ``limit``, so a long backlog costs
    no more than a short one."""
    found = []
    for visit in _newest(
        visits(user, scope),
        limit,
        "visit_date",
        _drafted(visit=OuterRef("pk"), kind=NoteKind.DAILY),
        *ITEM_RELATED,
    ):
        on = visit.visit_date
        what = f"Daily note of the visit of {on:%d %b %Y}"
        url = reverse("plans:visit_note", args=[visit.code])
        found.append(_item(visit.episode, on, what, visit.drafted, url))
    for assessment in _newest(
        assessments(user, scope), limit, "assessed_on", _drafted(evaluation=OuterRef("pk")), *ITEM_RELATED
    ):
        on = assessment.assessed_on
        kind = "Initial-evaluation" if assessment.kind == Assessment.Kind.INITIAL else "Progress"
        what = f"{kind} note of the assessment of {on:%d %b %Y}"
        url = reverse("plans:assessment_note", args=[assessment.code])
        found.append(_item(assessment.episode, on, what, assessment.drafted, url))
    for episode in _newest(
        discharges(user, scope),
        limit,
        "discharge_date",
        _drafted(episode=OuterRef("pk"), kind=NoteKind.DISCHARGE),
        "patient__clinic",
        "patient__primary_therapist",
    ):
        on = episode.discharge_date
        what = f"Discharge note of the discharge on {on:%d %b %Y}"
        url = reverse("plans:discharge_note", args=[episode.code])
        found.append(_item(episode, on, what, episode.drafted, url))
    found.sort(key=lambda item: -item.when.timestamp())
    return found[:limit] if limit else found


def _item(episode: Episode, on: date, what: str, drafted: bool, url: str) -> Item:
    days = (dates.today() - on).days
    state = "draft saved, not signed" if drafted else "not written"
    return Item(
        kind=UNSIGNED_NOTE,
        level="",
        episode=episode,
        when=dates.start_of(on),
        what=f"{what}: {state} ({days} day{'s' if days != 1 else ''} ago)",
        action_label="Sign the note" if drafted else "Write the note",
        action_url=url,
        source=episode,
    )
