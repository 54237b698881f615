"""How each kind of plans row reaches its clinic and its patient, for ``visible_to`` (clinic.access),
and the abstract bases that give each kind its audited manager."""

from typing import ClassVar, Self, cast

from django.db import models

from clinic.access import VisibleQuerySet, access_for
from clinic.models import AuditedModel, TimeStampedModel
from plans.models.days import EpisodeRow, validate_episode_day


class EpisodeRecordQuerySet(VisibleQuerySet):
    """Clinical rows of an episode: therapists of the patient's clinic see them."""

    clinic_path = "episode__patient__clinic"


class PortalEpisodeRecordQuerySet(EpisodeRecordQuerySet):
    """Clinical rows of an episode that the patient also sees on the portal."""

    patient_path = "episode__patient"


class SharedQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Every clinic shares the library."""
        return self.all()


class LibraryQuerySet(SharedQuerySet):
    """The library's rows. Writes that send no signals (``update``, ``bulk_create``, ``bulk_update``)
    stamp the library as saves and deletes do (``plans.services.library_stamp``)."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        _stamp()
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        _stamp()
        return created

    def bulk_update(self, *args, **kwargs) -> int:
        rows = super().bulk_update(*args, **kwargs)
        _stamp()
        return rows


def _stamp() -> None:
    from plans.services.library_stamp import library_stamp_bump  # the service imports the models

    library_stamp_bump()


class EpisodeRecord(TimeStampedModel, AuditedModel):
    """A clinical record of an episode, seen through ``EpisodeRecordQuerySet`` or a subclass of it."""

    # The field holding the day the record happened on, which must fall within the episode so far,
    # and what messages call the record.
    day_field: ClassVar[tuple[str, str] | None] = None

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.day_field is not None:
            validate_episode_day(cast(EpisodeRow, self), *self.day_field)


class LibraryModel(AuditedModel):
    objects = LibraryQuerySet.as_manager()

    class Meta:
        abstract = True


class ClinicOrSharedQuerySet(VisibleQuerySet):
    """Rows a clinic adds for itself (``clinic`` set) next to rows every clinic shares (``clinic`` empty):
    therapists see their clinics' own rows through the gate, and the shared ones."""

    clinic_path = "clinic"

    def visible_to(self, user) -> Self:
        own = super().visible_to(user)
        if not access_for(user).is_therapist:
            return own
        return own | self.filter(clinic__isnull=True)
