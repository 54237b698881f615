"""How each kind of plans row reaches its clinic and its patient, for ``visible_to`` (clinic.access)."""

from django.db import models

from clinic.access import VisibleQuerySet


class EpisodeRecordQuerySet(VisibleQuerySet):
    """Clinical rows of an episode: therapists of the patient's clinic see them."""

    clinic_path = "episode__patient__clinic"


class PortalEpisodeRecordQuerySet(EpisodeRecordQuerySet):
    """Clinical rows of an episode that the patient also sees on the portal."""

    patient_path = "episode__patient"


class LibraryQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """Every clinic shares the library."""
        return self.all()
